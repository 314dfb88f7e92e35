// A bar chart on a true time scale: bins (start, end) of one granularity placed by their dates, bar
// widths the bins' durations, ticks at calendar boundaries, a y-axis of event counts; one band per
// series key (A→B, mutual, B→A), bars stacked by quad class. Text enters only through textContent.
(function () {
  'use strict';
  var QUADS = ['verbal-cooperation', 'material-cooperation', 'verbal-conflict', 'material-conflict', 'unknown'];
  var COLORS = { 'verbal-cooperation': '#3b82c4', 'material-cooperation': '#1f9d55',
                 'verbal-conflict': '#e08a00', 'material-conflict': '#c62828', 'unknown': '#888888' };
  var SVG = 'http://www.w3.org/2000/svg';
  var DAY = 86400000;

  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = String(text);
    return n;
  }
  function t(iso) { return Date.parse(iso + 'T00:00:00Z'); }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function niceMax(v) {
    if (v <= 4) return Math.max(1, v);
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var m = [1, 2, 2.5, 5, 10].find(function (k) { return k * p >= v; });
    return m * p;
  }
  // Calendar ticks: the finest step giving at most `most` ticks over [lo, hi].
  var STEPS = [['day', 1], ['day', 7], ['month', 1], ['month', 3], ['month', 6], ['year', 1], ['year', 2],
               ['year', 5], ['year', 10], ['year', 20], ['year', 50], ['year', 100]];
  function ticks(lo, hi, most) {
    for (var i = 0; i < STEPS.length; i++) {
      var unit = STEPS[i][0], k = STEPS[i][1], out = [];
      var d = new Date(lo);
      if (unit === 'day' && k === 7) { d = new Date(lo + ((8 - new Date(lo).getUTCDay()) % 7) * DAY); }
      else if (unit === 'month') { d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)); if (+d < lo) d.setUTCMonth(d.getUTCMonth() + 1); while (d.getUTCMonth() % k) d.setUTCMonth(d.getUTCMonth() + 1); }
      else if (unit === 'year') { d = new Date(Date.UTC(d.getUTCFullYear(), 0, 1)); if (+d < lo) d.setUTCFullYear(d.getUTCFullYear() + 1); while (d.getUTCFullYear() % k) d.setUTCFullYear(d.getUTCFullYear() + 1); }
      while (+d <= hi && out.length <= most) {
        out.push(+d);
        if (unit === 'day') d = new Date(+d + k * DAY);
        else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + k);
        else d.setUTCFullYear(d.getUTCFullYear() + k);
      }
      if (out.length <= most) return { unit: unit, step: k, at: out };
    }
    return { unit: 'year', step: 100, at: [] };
  }
  function label(ms, unit) {
    var s = iso(ms);
    return unit === 'year' ? s.slice(0, 4) : unit === 'month' ? s.slice(0, 7) : s;
  }

  // opts: {series: [{start, end, <band key>: {quad: n}}], bands: [{key, label}], title, height}
  window.cgTimeChart = function (root, opts) {
    root.textContent = '';
    var series = opts.series || [];
    var bands = opts.bands.filter(function (b) {
      return b.always || series.some(function (p) { return p[b.key] && Object.keys(p[b.key]).length; });
    });
    if (!series.length || !bands.length) return null;
    var width = Math.max(320, Math.floor(root.clientWidth || 800) - 4);
    var left = 44, right = 14, top = 8, bandH = opts.height || (bands.length > 1 ? 110 : 200), gap = 26, axisH = 34;
    var H = top + bands.length * bandH + (bands.length - 1) * gap + axisH;
    var lo = Math.min.apply(null, series.map(function (p) { return t(p.start); }));
    var hi = Math.max.apply(null, series.map(function (p) { return t(p.end); }));
    // The axis covers at least the dates asked for (by default the span the articles were published over).
    if (opts.domain && opts.domain.start) lo = Math.min(lo, t(opts.domain.start));
    if (opts.domain && opts.domain.end) hi = Math.max(hi, t(opts.domain.end) + DAY);
    if (hi - lo < 7 * DAY) { lo -= 3 * DAY; hi += 3 * DAY; }
    var plotW = width - left - right;
    function x(ms) { return left + (ms - lo) / (hi - lo) * plotW; }
    var max = 1;
    series.forEach(function (p) {
      bands.forEach(function (b) {
        var s = 0; Object.keys(p[b.key] || {}).forEach(function (q) { s += p[b.key][q]; }); max = Math.max(max, s);
      });
    });
    max = niceMax(max);
    var root_ = svg('svg', { width: width, height: H, viewBox: '0 0 ' + width + ' ' + H, role: 'img',
                             'class': 'time-chart', 'data-lo': lo, 'data-hi': hi });
    root_.appendChild(svg('title', {}, opts.title || 'events over time'));
    var yTicks = [];
    var ystep = max <= 5 ? 1 : max / 5;
    for (var v = 0; v <= max + 1e-9; v += ystep) yTicks.push(Math.round(v * 100) / 100);
    bands.forEach(function (b, bi) {
      var y0 = top + bi * (bandH + gap) + bandH;  // the band's baseline
      var g = svg('g', { 'class': 'band', 'data-band': b.key });
      var sc = (bandH - 14) / max;
      yTicks.forEach(function (v) {
        var y = y0 - v * sc;
        g.appendChild(svg('line', { x1: left, x2: left + plotW, y1: y, y2: y, 'class': v ? 'grid' : 'base' }));
        g.appendChild(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'class': 'ytick' }, v));
      });
      g.appendChild(svg('line', { x1: left, x2: left, y1: y0 - bandH + 8, y2: y0, 'class': 'yaxis' }));
      g.appendChild(svg('text', { x: left + 4, y: y0 - bandH + 12, 'class': 'band-label' }, b.label));
      series.forEach(function (p) {
        var x1 = x(t(p.start)), x2 = x(t(p.end));
        var acc = 0;
        QUADS.forEach(function (q) {
          var n = (p[b.key] || {})[q] || 0;
          if (!n) return;
          var h = n * sc;
          var r = svg('rect', { x: x1 + 0.5, y: y0 - acc - h, width: Math.max(1.5, x2 - x1 - 1), height: h,
                                fill: COLORS[q], 'data-quad': q, 'data-start': p.start, 'data-n': n,
                                'class': 'bar' });
          r.appendChild(svg('title', {}, p.start + ' – ' + iso(t(p.end) - DAY) + ' · ' + b.label + ': ' + n + ' ' +
                                          q.replace('-', ' ') + ' event' + (n === 1 ? '' : 's')));
          g.appendChild(r);
          acc += h;
        });
      });
      root_.appendChild(g);
    });
    // The time axis: ticks at calendar boundaries, placed by their dates.
    var yAxis = top + bands.length * bandH + (bands.length - 1) * gap;
    var axis = svg('g', { 'class': 'x-axis', 'data-unit': '' });
    axis.appendChild(svg('line', { x1: left, x2: left + plotW, y1: yAxis, y2: yAxis, 'class': 'base' }));
    var tk = ticks(lo, hi, Math.max(2, Math.floor(plotW / 72)));
    axis.setAttribute('data-unit', tk.step + ' ' + tk.unit);
    tk.at.forEach(function (ms) {
      var tx = x(ms);
      var g = svg('g', { 'class': 'xtick', 'data-t': ms, 'data-date': iso(ms) });
      g.appendChild(svg('line', { x1: tx, x2: tx, y1: yAxis, y2: yAxis + 5 }));
      g.appendChild(svg('text', { x: tx, y: yAxis + 18, 'text-anchor': 'middle' }, label(ms, tk.unit)));
      axis.appendChild(g);
    });
    root_.appendChild(axis);
    root.appendChild(root_);
    var legend = document.createElement('p');
    legend.className = 'legend';
    QUADS.slice(0, 4).forEach(function (q) {
      var s = document.createElement('span');
      s.className = 'swatch q-' + q;
      s.textContent = q.replace('-', ' ');
      legend.appendChild(s);
    });
    var note = document.createElement('span');
    note.className = 'muted';
    note.textContent = 'y: events counted once, per ' + (opts.by || 'bin');
    legend.appendChild(note);
    root.appendChild(legend);
    return root_;
  };

  // What is not on the axis, in words: {year: 3, earlier: 2} -> "3 dated only to the year, 2 dated before 2019-01-04".
  window.cgUnplaced = function (unplaced, win) {
    return Object.keys(unplaced || {}).map(function (k) {
      var n = unplaced[k];
      if (k === 'undated') return n + ' undated';
      if (k === 'earlier') return n + ' dated before ' + ((win && win.start) || 'the window');
      if (k === 'later') return n + ' dated after ' + ((win && win.end) || 'the window');
      return n + ' dated only to the ' + k;
    }).join(', ');
  };

  // Charts whose data the server put in the page: <div data-chart="ID of a JSON island" data-bands=...>.
  function drawIslands() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (box) {
      var island = document.getElementById(box.getAttribute('data-chart'));
      if (!island) return;
      var data = JSON.parse(island.textContent);
      window.cgTimeChart(box, { series: data.series, by: data.by, domain: data.domain, title: box.getAttribute('data-title'),
                                bands: [{ key: 'counts', label: box.getAttribute('data-label') || 'events' }] });
      box.setAttribute('data-drawn', 'yes');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawIslands);
  else drawIslands();
})();
