// The actor graph: nodes are countries (or actors), edges are events counted once, coloured by quad class.
// Positions come from the server (communities kept apart); data from /api/graph, a node's dyads from
// /api/node, an edge's events from /api/edge. Text goes into the page only through textContent.
(function () {
  'use strict';
  var COLORS = {
    'verbal-cooperation': '#3b82c4', 'material-cooperation': '#1f9d55',
    'verbal-conflict': '#e08a00', 'material-conflict': '#c62828', 'unknown': '#888888'
  };
  // Muted community colours (node fill), distinct from the quad-class edge colours.
  var COMMUNITY = ['#2f4f6f', '#6a4f9e', '#00796b', '#8d6e63', '#455a64', '#ad1457', '#5d4037', '#1565c0',
                   '#558b2f', '#6d4c41', '#37474f', '#4e342e'];
  var form = document.getElementById('filters');
  var status = document.getElementById('graph-status');
  var list = document.getElementById('edge-events');
  var dyads = document.getElementById('node-dyads');
  var title = document.getElementById('edge-title');
  var hint = document.getElementById('edge-hint');
  var search = document.getElementById('node-search');
  var FIELDS = ['since', 'until', 'type', 'modality', 'quad', 'level', 'min_weight', 'max_edges', 'doc'];
  var FILTERS = ['since', 'until', 'type', 'modality', 'quad', 'doc'];
  var cy = null;
  var graph = null;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function kinds() {
    var boxes = form.querySelectorAll('input[name="kind"]');
    var on = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(function (b) { return b.value; });
    return on.length === boxes.length ? '' : on.join(',');
  }
  function params(only) {
    var p = new URLSearchParams();
    (only || FIELDS).forEach(function (k) {
      var v = form.elements[k].value;
      if (v && !(k === 'min_weight' && v === '1') && !(k === 'level' && v === 'country')) p.set(k, v);
    });
    if (!only || only.indexOf('kinds') >= 0) { var k = kinds(); if (k) p.set('kinds', k); }
    return p;
  }
  function level() { return form.elements.level.value || 'country'; }
  function fromUrl() {
    var p = new URLSearchParams(location.search);
    FIELDS.concat(['focus']).forEach(function (k) { if (p.get(k)) form.elements[k].value = p.get(k); });
    if (p.get('focus')) search.value = p.get('focus');
    if (p.get('kinds')) {
      var want = p.get('kinds').split(',');
      form.querySelectorAll('input[name="kind"]').forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
    }
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (j) { if (!j.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; });
    });
  }
  function clearPanel() { list.textContent = ''; dyads.textContent = ''; }

  function showEdge(edge) {
    var d = edge.data();
    var p = params(FILTERS);
    p.set('source', d.source); p.set('target', d.target); p.set('quad_class', d.quad_class);
    p.set('reciprocal', d.reciprocal ? 'true' : 'false');
    if (level() !== 'country') p.set('level', level());
    title.textContent = d.sourceName + (d.reciprocal ? ' ⇄ ' : ' → ') + d.targetName + ' (' + d.quad_class.replace('-', ' ') + ')';
    hint.textContent = 'loading…';
    clearPanel();
    getJSON('/api/edge?' + p.toString()).then(function (j) {
      var reports = 0; j.events.forEach(function (e) { reports += e.reports; });
      hint.textContent = j.events.length + ' event' + (j.events.length === 1 ? '' : 's') + ', ' + reports + ' report' +
        (reports === 1 ? '' : 's') + ' behind this edge';
      window.cgEventList(list, j.events);
    }).catch(function (err) { hint.textContent = 'error: ' + err.message; });
  }

  function showNode(node) {
    var d = node.data();
    cy.elements().removeClass('faded');
    cy.elements().difference(node.closedNeighborhood()).addClass('faded');
    title.textContent = d.name + (d.label !== d.name ? ' (' + d.label + ')' : '');
    hint.textContent = 'loading…';
    clearPanel();
    var p = params(FILTERS);
    p.set('key', d.id);
    if (level() !== 'country') p.set('level', level());
    getJSON('/api/node?' + p.toString()).then(function (j) {
      hint.textContent = j.dyads.length + ' dyad' + (j.dyads.length === 1 ? '' : 's') + ', by number of events:';
      var head = el('li', 'actor-line');
      var a = el('a', null, 'About ' + d.name + ' →');
      a.href = '/actor/' + encodeURIComponent(d.id);
      head.appendChild(a);
      dyads.appendChild(head);
      j.dyads.forEach(function (x) {
        var li = el('li', 'dyad-line');
        li.setAttribute('data-partner', x.partner);
        var link = el('a', null, d.label + ' – ' + x.name);
        link.href = '/dyad?a=' + encodeURIComponent(d.id) + '&b=' + encodeURIComponent(x.partner);
        li.appendChild(link);
        li.appendChild(el('span', 'n', x.n));
        li.appendChild(el('span', 'muted', x.out_n + ' out · ' + x.in_n + ' in · ' + x.mutual_n + ' mutual · ' +
          x.reports + ' reports'));
        dyads.appendChild(li);
      });
    }).catch(function (err) { hint.textContent = 'error: ' + err.message; });
  }

  function find(text) {
    if (!cy || !text) return null;
    var t = text.trim().toLowerCase();
    var exact = cy.nodes().filter(function (n) {
      return n.data('label').toLowerCase() === t || n.data('name').toLowerCase() === t || n.id().toLowerCase() === t;
    });
    var hits = exact.length ? exact : cy.nodes().filter(function (n) {
      return n.data('name').toLowerCase().indexOf(t) >= 0 || n.data('label').toLowerCase().indexOf(t) >= 0;
    });
    if (!hits.length) { status.setAttribute('data-find', 'none'); return null; }
    var node = hits.sort(function (a, b) { return b.data('weight') - a.data('weight'); })[0];
    cy.$(':selected').unselect();
    node.select();
    // Zoom to the node and its neighbours, so their labels can be read.
    cy.animate({ fit: { eles: node.closedNeighborhood(), padding: 40 } }, {
      duration: 250,
      complete: function () {  // a node with one neighbour would fill the screen: not beyond 3x the opening zoom
        if (cy.zoom() > 3 * zoom0) cy.zoom({ level: 3 * zoom0, renderedPosition: node.renderedPosition() });
      }
    });
    showNode(node);
    status.setAttribute('data-find', node.id());
    return node;
  }

  function table(g, names) {
    var tb = document.querySelector('#edge-table tbody');
    tb.textContent = '';
    g.edges.forEach(function (e) {
      var tr = el('tr');
      tr.setAttribute('data-edge', e.source + '|' + e.target);
      [names[e.source], (e.reciprocal ? '⇄ ' : '') + names[e.target], e.quad_class, e.count, e.reports,
       Object.keys(e.types).map(function (t) { return t + ' ' + e.types[t]; }).join(', ')].forEach(function (v, i) {
        tr.appendChild(el('td', i === 3 || i === 4 ? 'n' : null, v));
      });
      tb.appendChild(tr);
    });
  }

  var zoom0 = 1;
  // Labels readable at the opening zoom: the strongest nodes' labels at 12-17 px on screen, the others
  // under the minimum shown (they appear as you zoom in).
  function sizeLabels() {
    zoom0 = cy.zoom();
    var ranked = cy.nodes().sort(function (a, b) { return b.data('weight') - a.data('weight'); });
    var box = cy.container().getBoundingClientRect();
    var room = Math.max(10, Math.floor(box.width * box.height / 14000));
    var maxw = ranked.length ? ranked[0].data('weight') : 1;
    ranked.forEach(function (n, i) {
      var px = i < room ? 12 + 5 * Math.sqrt(n.data('weight') / maxw) : 8;
      n.data('font', px / zoom0);
    });
  }

  function load() {
    var p = params();
    var focus = form.elements.focus.value;
    history.replaceState(null, '', '/graph' + (p.toString() || focus ? '?' : '') + p.toString() +
      (focus ? (p.toString() ? '&' : '') + 'focus=' + encodeURIComponent(focus) : ''));
    status.textContent = 'loading…';
    document.body.removeAttribute('data-graph-ready');
    getJSON('/api/graph?' + p.toString()).then(function (g) {
      graph = g;
      var names = {};
      var elements = [];
      var maxw = 1;
      g.nodes.forEach(function (n) { maxw = Math.max(maxw, n.weight); });
      g.nodes.forEach(function (n) {
        names[n.id] = n.label;
        elements.push({ data: { id: n.id, label: n.label, name: n.name, kind: n.kind, events: n.events,
                                weight: n.weight, community: n.community, font: 12,
                                color: COMMUNITY[n.community % COMMUNITY.length],
                                size: 14 + 40 * Math.sqrt(n.weight / maxw) },
                        position: { x: n.x, y: n.y } });
      });
      g.edges.forEach(function (e) {
        elements.push({ data: { id: e.id, source: e.source, target: e.target, quad_class: e.quad_class,
                                reciprocal: e.reciprocal, count: e.count, color: COLORS[e.quad_class] || COLORS.unknown,
                                width: 1 + 1.6 * Math.sqrt(e.count), sourceName: names[e.source],
                                targetName: names[e.target], arrow: e.reciprocal ? 'none' : 'triangle',
                                label: Object.keys(e.types).join(', ') + ' · ' + e.count } });
      });
      if (cy) cy.destroy();
      cy = cytoscape({
        container: document.getElementById('cy'),
        elements: elements,
        minZoom: 0.05, maxZoom: 6, wheelSensitivity: 0.3,
        style: [
          { selector: 'node', style: { 'label': 'data(label)', 'width': 'data(size)', 'height': 'data(size)',
              'background-color': 'data(color)', 'color': '#1d2327', 'font-size': 'data(font)', 'font-weight': 600,
              'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#ffffff', 'text-outline-width': 2.5,
              'min-zoomed-font-size': 10, 'border-width': 1, 'border-color': '#ffffff' } },
          { selector: 'node[kind = "country"]', style: { 'shape': 'round-rectangle' } },
          { selector: 'node[kind = "organization"]', style: { 'shape': 'round-diamond' } },
          { selector: 'edge', style: { 'line-color': 'data(color)', 'target-arrow-color': 'data(color)',
              'target-arrow-shape': 'data(arrow)', 'curve-style': 'bezier', 'width': 'data(width)', 'opacity': 0.75,
              'arrow-scale': 0.9, 'font-size': 11, 'color': '#333', 'text-rotation': 'autorotate',
              'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2 } },
          { selector: 'edge.labelled, edge:selected', style: { 'label': 'data(label)', 'z-index': 10, 'opacity': 1 } },
          { selector: '.faded', style: { 'opacity': 0.12, 'text-opacity': 0.2 } },
          { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffb300', 'min-zoomed-font-size': 0 } },
          { selector: ':selected', style: { 'overlay-color': '#ffd54f', 'overlay-opacity': 0.3 } }
        ],
        layout: { name: 'preset', fit: true, padding: 30 }
      });
      sizeLabels();
      cy.on('mouseover', 'edge', function (ev) { ev.target.addClass('labelled'); });
      cy.on('mouseout', 'edge', function (ev) { ev.target.removeClass('labelled'); });
      cy.on('tap', 'edge', function (ev) { cy.elements().removeClass('faded'); showEdge(ev.target); });
      cy.on('tap', 'node', function (ev) { showNode(ev.target); });
      cy.on('tap', function (ev) { if (ev.target === cy) cy.elements().removeClass('faded'); });
      table(g, names);
      var dl = document.getElementById('node-names');
      dl.textContent = '';
      g.nodes.forEach(function (n) { var o = el('option', null, n.name); o.value = n.label; dl.appendChild(o); });
      var events = 0, reports = 0;
      g.edges.forEach(function (e) { events += e.count; reports += e.reports; });
      status.textContent = g.nodes.length + ' nodes, ' + g.edges.length + ' edges (' + events + ' events counted once, ' +
        reports + ' reports)' + (g.truncated ? ' — the strongest; weaker ones left out (raise "Edges" or "Min. events")' : '') +
        (g.nodes.length ? ' · scroll to zoom, drag to pan' : ' — nothing matches these filters (or no events are stored yet)');
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
      window.cg = { cy: cy, graph: g, find: find };
      if (focus) find(focus);
      document.body.setAttribute('data-graph-ready', 'yes');
    }).catch(function (err) { status.textContent = 'error: ' + err.message; });
  }

  form.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  // On a phone the filters fold away under "Filters" so the graph is on the first screen.
  var more = document.getElementById('more-filters');
  if (window.innerWidth < 600) more.classList.add('folded');
  document.getElementById('filters-toggle').addEventListener('click', function () { more.classList.toggle('folded'); });
  search.addEventListener('change', function () { form.elements.focus.value = search.value; find(search.value); });
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { ev.preventDefault(); form.elements.focus.value = search.value; find(search.value); }
  });
  fromUrl();
  load();
})();
