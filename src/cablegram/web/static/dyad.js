// The dyad page: two actors' events over time, A→B above the axis and B→A below, stacked by quad class.
(function () {
  'use strict';
  var QUADS = ['verbal-cooperation', 'material-cooperation', 'verbal-conflict', 'material-conflict', 'unknown'];
  var COLORS = { 'verbal-cooperation': '#3b82c4', 'material-cooperation': '#1f9d55',
                 'verbal-conflict': '#e08a00', 'material-conflict': '#c62828', 'unknown': '#888888' };
  var SVG = 'http://www.w3.org/2000/svg';
  var form = document.getElementById('dyad-form');
  var chart = document.getElementById('chart');
  var heading = document.getElementById('dyad-title');

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = String(text);
    return n;
  }

  function draw(d) {
    var A = d.names[d.a] || d.a, B = d.names[d.b] || d.b;
    heading.textContent = A + ' ⇄ ' + B + ': ' + d.total + ' event' + (d.total === 1 ? '' : 's');
    chart.textContent = '';
    if (!d.series.length) { chart.appendChild(el('p', 'empty', 'No events between these two.')); return; }
    var max = 1;
    d.series.forEach(function (p) {
      ['ab', 'ba'].forEach(function (k) {
        var s = 0; Object.keys(p[k]).forEach(function (q) { s += p[k][q]; }); max = Math.max(max, s);
      });
    });
    var bw = Math.max(18, Math.min(60, Math.floor(900 / d.series.length) - 8));
    var W = Math.max(320, 20 + d.series.length * (bw + 8)), H = 290, mid = 135, scale = 120 / max;
    var key = el('p', 'dyad-key');
    key.appendChild(el('span', null, '▲ above the line: ' + A + ' → ' + B));
    key.appendChild(el('span', null, '▼ below: ' + B + ' → ' + A));
    key.appendChild(el('span', 'muted', 'tallest bar: ' + max + ' event' + (max === 1 ? '' : 's')));
    chart.appendChild(key);
    var root = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'class': 'dyad-chart' });
    root.appendChild(svg('title', {}, A + ' and ' + B + ' over time'));
    root.appendChild(svg('line', { x1: 0, x2: W, y1: mid, y2: mid, stroke: '#333' }));
    d.series.forEach(function (p, i) {
      var x = 14 + i * (bw + 8);
      ['ab', 'ba'].forEach(function (k) {
        var acc = 0;
        QUADS.forEach(function (q) {
          var n = p[k][q] || 0;
          if (!n) return;
          var h = n * scale;
          var y = k === 'ab' ? mid - acc - h : mid + acc;
          var r = svg('rect', { x: x, y: y, width: bw, height: h, fill: COLORS[q], 'data-quad': q, 'data-dir': k });
          r.appendChild(svg('title', {}, p.period + ' ' + (k === 'ab' ? A + ' → ' + B : B + ' → ' + A) + ': ' + n + ' ' + q));
          root.appendChild(r);
          acc += h;
        });
      });
      root.appendChild(svg('text', { x: x + bw / 2, y: H - 6, 'text-anchor': 'middle', 'class': 'period' }, p.period));
    });
    chart.appendChild(root);
    var legend = el('p', 'legend');
    QUADS.slice(0, 4).forEach(function (q) { legend.appendChild(el('span', 'swatch q-' + q, q.replace('-', ' '))); });
    chart.appendChild(legend);

    var table = document.getElementById('type-table');
    table.textContent = '';
    var types = {};
    d.series.forEach(function (p) { Object.keys(p.types).forEach(function (t) { types[t] = 1; }); });
    var head = el('tr');
    head.appendChild(el('th', null, 'type'));
    d.series.forEach(function (p) { head.appendChild(el('th', 'n', p.period)); });
    table.appendChild(head);
    Object.keys(types).sort().forEach(function (t) {
      var tr = el('tr');
      tr.appendChild(el('td', null, t));
      d.series.forEach(function (p) { tr.appendChild(el('td', 'n', p.types[t] || '')); });
      table.appendChild(tr);
    });

    var list = document.getElementById('dyad-events');
    list.textContent = '';
    d.events.forEach(function (e) {
      var li = el('li', 'edge-event');
      var h = el('div', 'head');
      h.appendChild(el('span', 'type q-' + e.quad_class, e.type + (e.mode ? ' (' + e.mode + ')' : '')));
      h.appendChild(el('span', 'mod', (e.direction === 'ab' ? A + ' → ' + B : B + ' → ' + A) + ' · ' + e.modality +
                                     ' · ' + e.period + (e.what ? ' · ' + e.what : '')));
      li.appendChild(h);
      li.appendChild(el('blockquote', 'evidence', e.evidence.text));
      var a = el('a', null, 'open the article');
      a.href = '/doc/' + encodeURIComponent(e.doc_id) + '#ev=' + encodeURIComponent(e.id);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function load() {
    var p = new URLSearchParams();
    ['a', 'b', 'by'].forEach(function (k) { if (form.elements[k].value) p.set(k, form.elements[k].value.trim()); });
    if (!p.get('a') || !p.get('b')) return;
    history.replaceState(null, '', '/dyad?' + p.toString());
    fetch('/api/dyad?' + p.toString()).then(function (r) { return r.json(); }).then(function (j) {
      if (!j.ok) { heading.textContent = 'error: ' + j.error; return; }
      draw(j);
      document.body.setAttribute('data-dyad-ready', 'yes');
    }).catch(function (err) { heading.textContent = 'error: ' + err.message; });
  }

  var q = new URLSearchParams(location.search);
  ['a', 'b', 'by'].forEach(function (k) { if (q.get(k)) form.elements[k].value = q.get(k); });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  load();
})();
