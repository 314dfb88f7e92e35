// Events counted once, as a list: each event (type, parties, date, how many reports) with its reports —
// the article's title and date, who claims it, how sure, and the evidence sentence. Text only via textContent.
(function () {
  'use strict';
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function when(e) {
    if (!e.date) return 'undated';
    return e.date + (e.precision && e.precision !== 'day' ? ' (' + e.precision + ')' : '');
  }
  function report(r) {
    var li = el('li', 'report');
    var head = el('div', 'report-head');
    var a = el('a', 'report-title', r.title || r.doc_id);
    a.href = '/doc/' + encodeURIComponent(r.doc_id) + '#ev=' + encodeURIComponent(r.id);
    head.appendChild(a);
    head.appendChild(el('span', 'report-meta', [r.published, r.site].filter(Boolean).join(' · ')));
    li.appendChild(head);
    li.appendChild(el('p', 'report-claim', (r.modality || 'asserted') + ' · according to ' +
      (r.claimant_name || 'the reporter') + (r.what ? ' · ' + r.what : '')));
    li.appendChild(el('blockquote', 'evidence', r.evidence.text));
    return li;
  }
  // events: [{type, quad_class, reciprocal, source_names, target_names, date, precision, reports, documents,
  //           modalities, evidence: [report]}]
  window.cgEventList = function (list, events, opts) {
    opts = opts || {};
    list.textContent = '';
    events.forEach(function (e) {
      var li = el('li', 'edge-event');
      li.setAttribute('data-event', e.id);
      if (e.bin) li.setAttribute('data-bin', e.bin);
      var head = el('div', 'head');
      head.appendChild(el('span', 'type q-' + e.quad_class, e.type));
      head.appendChild(el('span', 'parties', (e.source_names.join(', ') || '?') + (e.reciprocal ? ' ⇄ ' : ' → ') +
        (e.target_names.join(', ') || '—')));
      head.appendChild(el('span', 'mod', when(e)));
      head.appendChild(el('span', 'nrep', e.reports + ' report' + (e.reports === 1 ? '' : 's') +
        (e.documents > 1 ? ' in ' + e.documents + ' articles' : '')));
      li.appendChild(head);
      var reps = el('ol', 'reports');
      var shown = opts.reports || 2;
      e.evidence.slice(0, shown).forEach(function (r) { reps.appendChild(report(r)); });
      li.appendChild(reps);
      if (e.evidence.length > shown) {
        var more = el('details', 'more-reports');
        more.appendChild(el('summary', null, (e.evidence.length - shown) + ' more report' +
          (e.evidence.length - shown === 1 ? '' : 's')));
        var ol = el('ol', 'reports');
        e.evidence.slice(shown).forEach(function (r) { ol.appendChild(report(r)); });
        more.appendChild(ol);
        li.appendChild(more);
      }
      list.appendChild(li);
    });
  };
})();
