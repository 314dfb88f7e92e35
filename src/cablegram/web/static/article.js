// The article page: click or hover a highlighted passage to see what covers it.
// Article text is untrusted: it only enters the page as textContent or attributes, never as HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cg-data').textContent);
  var body = document.getElementById('detail-body');
  var KIND = { e: 'events', q: 'quotes', a: 'actors', t: 'times' };
  var ORDER = { e: 0, q: 1, a: 2, t: 3 };

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function item(ref) { var list = data[KIND[ref[0]]]; return list ? list[+ref.slice(1)] : null; }
  function row(dl, key, value) {
    if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el('dt', null, key));
    dl.appendChild(el('dd', 'f-' + key.replace(/\W+/g, '-'), Array.isArray(value) ? value.join(', ') : value));
  }

  function card(ref) {
    var x = item(ref);
    if (!x || x.folded) return null;  // the second half of "A and B met": its first half shows both
    var box = el('div', 'card card-' + ref[0]);
    var dl = el('dl');
    if (ref[0] === 'e') {
      box.appendChild(el('h3', 'q-' + x.quad_class, x.type + (x.mode ? ' (' + x.mode + ')' : '')));
      row(dl, 'source', x.source); row(dl, 'target', x.target);
      if (x.reciprocal) row(dl, 'mutual', 'both act on each other (one event)');
      row(dl, 'what', x.what);
      row(dl, 'modality', x.modality + (x.tense ? ', ' + x.tense : ''));
      row(dl, 'claimant', x.claimant || 'the reporter');
      row(dl, 'date', x.date ? x.date + (x.date_text ? ' (“' + x.date_text + '”)' : '') +
                              (x.report_date ? ' — publication date, none in the text' : '') : null);
      row(dl, 'place', x.place); row(dl, 'class', x.quad_class); row(dl, 'CAMEO', x.cameo); row(dl, 'trigger', x.trigger);
      box.appendChild(dl);
      box.appendChild(el('h4', null, 'Evidence'));
      box.appendChild(el('blockquote', 'evidence', x.evidence.text));
      box.appendChild(el('p', 'offsets', 'characters ' + x.evidence.start + '–' + x.evidence.end));
    } else if (ref[0] === 'q') {
      box.appendChild(el('h3', null, (x.kind || '') + ' quote'));
      row(dl, 'speaker', x.speaker || 'unattributed'); row(dl, 'cue', x.cue); row(dl, 'source kind', x.source_kind);
      box.appendChild(dl);
      box.appendChild(el('h4', null, 'Content'));
      box.appendChild(el('blockquote', 'evidence', x.content.text));
    } else if (ref[0] === 'a') {
      box.appendChild(el('h3', null, x.name));
      row(dl, 'type', x.type); row(dl, 'country', x.country); row(dl, 'sector', x.sector); row(dl, 'code', x.code);
      row(dl, 'roles', x.roles); row(dl, 'mentions', x.mentions);
      box.appendChild(dl);
      var key = x.type === 'country' && x.country ? x.country : x.id;
      var a = el('a', null, x.name + ' across the corpus');
      a.href = '/actor/' + encodeURIComponent(key);
      box.appendChild(a);
    } else {
      box.appendChild(el('h3', null, 'time: ' + x.text));
      row(dl, 'type', x.type); row(dl, 'value', x.value);
      box.appendChild(dl);
    }
    return box;
  }

  function segs(ref) {
    return Array.prototype.filter.call(document.querySelectorAll('.text .seg'), function (s) {
      return (' ' + s.getAttribute('data-refs') + ' ').indexOf(' ' + ref + ' ') >= 0;
    });
  }

  function select(refs, scroll) {
    refs = refs.slice().sort(function (a, b) { return ORDER[a[0]] - ORDER[b[0]]; });
    Array.prototype.forEach.call(document.querySelectorAll('.sel'), function (s) { s.classList.remove('sel'); });
    body.textContent = '';
    refs.forEach(function (r) { var c = card(r); if (c) body.appendChild(c); });
    if (!refs.length) return;
    var marked = segs(refs[0]);
    marked.forEach(function (s) { s.classList.add('sel'); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-ref="' + refs[0] + '"]'), function (b) { b.classList.add('sel'); });
    if (scroll && marked.length) marked[0].scrollIntoView({ block: 'center' });
  }

  function summary(ref) {
    var x = item(ref);
    if (!x) return '';
    if (ref[0] === 'e') return x.type + ': ' + x.source.join(', ') + ' → ' + x.target.join(', ') + ' [' + x.modality + ']';
    if (ref[0] === 'q') return 'quote of ' + (x.speaker || 'unattributed');
    if (ref[0] === 'a') return x.name + (x.code ? ' (' + x.code + ')' : '');
    return x.text + (x.value ? ' = ' + x.value : '');
  }

  Array.prototype.forEach.call(document.querySelectorAll('.text'), function (text) {
    text.addEventListener('click', function (ev) {
      var s = ev.target.closest('.seg');
      if (s) select(s.getAttribute('data-refs').split(' '), false);
    });
    text.addEventListener('mouseover', function (ev) {
      var s = ev.target.closest('.seg');
      if (s && !s.title) s.title = s.getAttribute('data-refs').split(' ').map(summary).filter(Boolean).join('\n');
    });
  });
  document.getElementById('brief').addEventListener('click', function (ev) {
    var b = ev.target.closest('[data-ref]');
    if (b) select([b.getAttribute('data-ref')], true);
  });

  // /doc/ID#ev=EVENT_ID (from the graph) opens with that event selected.
  var m = /^#ev=(.+)$/.exec(location.hash);
  if (m) {
    var id = decodeURIComponent(m[1]);
    data.events.forEach(function (e) { if (e.id === id) select(['e' + e.i], true); });
  }
})();
