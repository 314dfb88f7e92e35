// The dyad page: two actors' events over time on a true time axis — A→B, mutual, B→A — with their reports.
(function () {
  'use strict';
  var form = document.getElementById('dyad-form');
  var chart = document.getElementById('chart');
  var heading = document.getElementById('dyad-title');
  var FIELDS = ['a', 'b', 'by', 'type', 'modality', 'since', 'until'];

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function link(text, href) { var a = el('a', null, text); a.href = href; return a; }

  function draw(d) {
    var A = d.names[d.a] || d.a, B = d.names[d.b] || d.b;
    heading.textContent = A + ' ⇄ ' + B + ': ' + d.total + ' event' + (d.total === 1 ? '' : 's') +
      ' (' + d.reports + ' report' + (d.reports === 1 ? '' : 's') + ')';
    var links = document.getElementById('dyad-links');
    links.textContent = '';
    links.appendChild(link(A, '/actor/' + encodeURIComponent(d.a)));
    links.appendChild(document.createTextNode(' · '));
    links.appendChild(link(B, '/actor/' + encodeURIComponent(d.b)));
    chart.textContent = '';
    if (!d.series.length) chart.appendChild(el('p', 'empty', d.total ? 'No event between these two is dated finely enough for ' + d.by + ' bins.' : 'No events between these two.'));
    else window.cgTimeChart(chart, { series: d.series, by: d.by, title: A + ' and ' + B + ' over time',
      domain: d.domain, bands: [{ key: 'ab', label: A + ' → ' + B, always: true }, { key: 'both', label: A + ' ⇄ ' + B + ' (both act)' },
              { key: 'ba', label: B + ' → ' + A, always: true }] });
    var un = document.getElementById('unplaced');
    var text = window.cgUnplaced(d.unplaced, d.window);
    un.textContent = text ? 'Not on the axis: ' + text + ' (listed below; set From/to to see other years).' : '';

    var table = document.getElementById('type-table');
    table.textContent = '';
    var types = {};
    d.events.forEach(function (e) { types[e.type] = (types[e.type] || 0) + 1; });
    var head = el('tr');
    head.appendChild(el('th', null, 'type'));
    head.appendChild(el('th', 'n', 'events'));
    head.appendChild(el('th', 'n', 'reports'));
    table.appendChild(head);
    Object.keys(types).sort().forEach(function (t) {
      var tr = el('tr');
      tr.appendChild(el('td', null, t));
      tr.appendChild(el('td', 'n', types[t]));
      var r = 0; d.events.forEach(function (e) { if (e.type === t) r += e.reports; });
      tr.appendChild(el('td', 'n', r));
      table.appendChild(tr);
    });
    window.cgEventList(document.getElementById('dyad-events'), d.events);
  }

  function load() {
    var p = new URLSearchParams();
    FIELDS.forEach(function (k) { if (form.elements[k].value) p.set(k, form.elements[k].value.trim()); });
    if (!p.get('a') || !p.get('b')) return;
    history.replaceState(null, '', '/dyad?' + p.toString());
    document.body.removeAttribute('data-dyad-ready');
    fetch('/api/dyad?' + p.toString()).then(function (r) { return r.json(); }).then(function (j) {
      if (!j.ok) { heading.textContent = 'error: ' + j.error; return; }
      draw(j);
      document.body.setAttribute('data-dyad-ready', 'yes');
    }).catch(function (err) { heading.textContent = 'error: ' + err.message; });
  }

  var q = new URLSearchParams(location.search);
  FIELDS.forEach(function (k) { if (q.get(k)) form.elements[k].value = q.get(k); });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  load();
})();
