// The actor graph: nodes are countries (or actors), edges are events coloured by quad class.
// Data from /api/graph; evidence from /api/edge. Text goes into the page only through textContent.
(function () {
  'use strict';
  var COLORS = {
    'verbal-cooperation': '#3b82c4', 'material-cooperation': '#1f9d55',
    'verbal-conflict': '#e08a00', 'material-conflict': '#c62828', 'unknown': '#888888'
  };
  var form = document.getElementById('filters');
  var status = document.getElementById('graph-status');
  var list = document.getElementById('edge-events');
  var title = document.getElementById('edge-title');
  var hint = document.getElementById('edge-hint');
  var FIELDS = ['since', 'until', 'type', 'modality', 'quad', 'level', 'max_edges', 'doc'];
  var cy = null;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function params() {
    var p = new URLSearchParams();
    FIELDS.forEach(function (k) { var v = form.elements[k].value; if (v) p.set(k, v); });
    return p;
  }
  function fromUrl() {
    var p = new URLSearchParams(location.search);
    FIELDS.forEach(function (k) { if (p.get(k)) form.elements[k].value = p.get(k); });
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (j) { if (!j.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; });
    });
  }

  function showEdge(edge) {
    var d = edge.data();
    var p = params();
    p.set('source', d.source); p.set('target', d.target); p.set('quad_class', d.quad_class);
    title.textContent = d.sourceName + ' → ' + d.targetName + ' (' + d.quad_class + ', ' + d.count + ')';
    hint.textContent = 'loading…';
    list.textContent = '';
    getJSON('/api/edge?' + p.toString()).then(function (j) {
      hint.textContent = j.events.length + ' event' + (j.events.length === 1 ? '' : 's') + ' behind this edge';
      j.events.forEach(function (e) {
        var li = el('li', 'edge-event');
        var head = el('div', 'head');
        head.appendChild(el('span', 'type q-' + e.quad_class, e.type + (e.mode ? ' (' + e.mode + ')' : '')));
        head.appendChild(el('span', 'mod', e.modality + (e.date ? ' · ' + e.date : '') + (e.what ? ' · ' + e.what : '')));
        li.appendChild(head);
        li.appendChild(el('blockquote', 'evidence', e.evidence.text));
        var a = el('a', null, 'open the article');
        a.href = '/doc/' + encodeURIComponent(e.doc_id) + '#ev=' + encodeURIComponent(e.id);
        li.appendChild(a);
        list.appendChild(li);
      });
    }).catch(function (err) { hint.textContent = 'error: ' + err.message; });
  }

  function showNode(node) {
    var d = node.data();
    title.textContent = d.label + (d.name !== d.label ? ' — ' + d.name : '');
    hint.textContent = d.events + ' event ends; dyads:';
    list.textContent = '';
    node.neighborhood('node').forEach(function (n) {
      var li = el('li');
      var a = el('a', null, d.label + ' – ' + n.data('label'));
      a.href = '/dyad?a=' + encodeURIComponent(d.id) + '&b=' + encodeURIComponent(n.id());
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function table(g, names) {
    var tb = document.querySelector('#edge-table tbody');
    tb.textContent = '';
    g.edges.forEach(function (e) {
      var tr = el('tr');
      tr.setAttribute('data-edge', e.source + '|' + e.target);
      [names[e.source], names[e.target], e.quad_class, e.count,
       Object.keys(e.types).map(function (t) { return t + ' ' + e.types[t]; }).join(', ')].forEach(function (v, i) {
        tr.appendChild(el('td', i === 3 ? 'n' : null, v));
      });
      tb.appendChild(tr);
    });
  }

  function load() {
    var p = params();
    history.replaceState(null, '', '/graph' + (p.toString() ? '?' + p.toString() : ''));
    status.textContent = 'loading…';
    document.body.removeAttribute('data-graph-ready');
    getJSON('/api/graph?' + p.toString()).then(function (g) {
      var names = {};
      var elements = [];
      g.nodes.forEach(function (n) {
        names[n.id] = n.label;
        elements.push({ data: { id: n.id, label: n.label, name: n.name, kind: n.kind, events: n.events,
                                size: Math.min(64, 16 + 5 * Math.sqrt(n.events)) } });
      });
      g.edges.forEach(function (e) {
        elements.push({ data: { id: e.id, source: e.source, target: e.target, quad_class: e.quad_class,
                                count: e.count, color: COLORS[e.quad_class] || COLORS.unknown,
                                width: 1.5 + 2 * Math.sqrt(e.count), sourceName: names[e.source],
                                targetName: names[e.target],
                                label: Object.keys(e.types).join(', ') } });
      });
      if (cy) cy.destroy();
      cy = cytoscape({
        container: document.getElementById('cy'),
        elements: elements,
        style: [
          { selector: 'node', style: { 'label': 'data(label)', 'width': 'data(size)', 'height': 'data(size)',
              'background-color': '#5b6770', 'color': '#1d2327', 'font-size': 12, 'text-valign': 'bottom',
              'text-margin-y': 4, 'text-outline-color': '#ffffff', 'text-outline-width': 2 } },
          { selector: 'node[kind = "country"]', style: { 'background-color': '#2f4f6f', 'shape': 'round-rectangle' } },
          { selector: 'edge', style: { 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
              'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'width': 'data(width)', 'opacity': 0.85,
              'font-size': 10, 'color': '#333', 'text-rotation': 'autorotate',
              'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2 } },
          // Edge labels (the event types) only where they are wanted: hovered or selected edges, small graphs.
          { selector: 'edge.labelled, edge:selected', style: { 'label': 'data(label)', 'z-index': 10 } },
          { selector: ':selected', style: { 'overlay-color': '#ffd54f', 'overlay-opacity': 0.35 } }
        ],
        layout: { name: elements.length ? 'cose' : 'grid', animate: false, randomize: true, padding: 30,
                  nodeRepulsion: function () { return 400000; }, nodeOverlap: 20, componentSpacing: 80,
                  idealEdgeLength: function () { return 90; }, edgeElasticity: function () { return 100; },
                  nestingFactor: 1.2, gravity: 60, numIter: 1500, initialTemp: 200, coolingFactor: 0.95,
                  minTemp: 1.0, nodeDimensionsIncludeLabels: true }
      });
      // Many small islands (a large corpus): open on the biggest connected part; zoom out for the rest.
      var parts = cy.elements().components().sort(function (a, b) { return b.length - a.length; });
      if (parts.length > 4) cy.fit(parts[0], 30);
      if (g.edges.length <= 12) cy.edges().addClass('labelled');
      cy.on('mouseover', 'edge', function (ev) { ev.target.addClass('hover labelled'); });
      cy.on('mouseout', 'edge', function (ev) { if (g.edges.length > 12) ev.target.removeClass('labelled'); });
      cy.on('tap', 'edge', function (ev) { showEdge(ev.target); });
      cy.on('tap', 'node', function (ev) { showNode(ev.target); });
      table(g, names);
      status.textContent = g.nodes.length + ' nodes, ' + g.edges.length + ' edges' +
        (g.truncated ? ' (the strongest; weaker ones left out)' : '') +
        (parts.length > 4 ? ' · showing the largest connected part of ' + parts.length + ' (scroll to zoom out)' : '') +
        (g.nodes.length ? '' : ' — nothing matches these filters (or no events are stored yet)');
      var doc = form.elements.doc.value;
      if (doc) {  // one article's graph: say so, link back to it, offer the whole corpus
        status.appendChild(document.createTextNode(' · one article: '));
        var back = el('a', null, doc);
        back.href = '/doc/' + encodeURIComponent(doc);
        status.appendChild(back);
        status.appendChild(document.createTextNode(' · '));
        var all = el('a', null, 'whole corpus');
        all.href = '/graph';
        all.addEventListener('click', function (ev) { ev.preventDefault(); form.elements.doc.value = ''; load(); });
        status.appendChild(all);
      }
      window.cg = { cy: cy, graph: g };
      document.body.setAttribute('data-graph-ready', 'yes');
    }).catch(function (err) { status.textContent = 'error: ' + err.message; });
  }

  form.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  fromUrl();
  load();
})();
