// The side panel's card about the chosen system: who owns it, its connection figure ("15/23") with the basis of
// that figure, and the quoted evidence behind it, each quote linked to the document it comes from.
import { els, h, setChildren } from './dom.js';
import { kindInfo } from './palette.js';

/** The quotes behind the figure, each with its document's title (a link when the document has a URL). */
function evidenceList(s) {
  if (!s.evidence.length) return h('p', { className: 'muted' }, 'No evidence quoted for this figure.');
  return h(
    'ol',
    { className: 'evidence', 'data-testid': 'evidence' },
    ...s.evidence.map(function (ev) {
      var doc = ev.document;
      var title = doc.url ? h('a', { href: doc.url, rel: 'noopener noreferrer external', target: '_blank' }, doc.title) : h('cite', null, doc.title);
      return h(
        'li',
        null,
        h(
          'figure',
          null,
          h('blockquote', { lang: 'vi' }, '“' + ev.quote + '”'),
          h('figcaption', null, title, doc.publisher ? ' — ' + doc.publisher : '', ', ', h('time', { datetime: doc.publishedAt }, doc.publishedAt)),
        ),
      );
    }),
  );
}

/** Kind, status, name, code and owner: the card's heading part. */
function systemHeading(system) {
  var kind = kindInfo(system.kind);
  return [
    h(
      'p',
      { className: 'eyebrow' },
      h('span', { className: 'kind-chip', style: { backgroundColor: kind.color } }, kind.label),
      system.status ? h('span', { className: 'chip' }, system.status.replace(/_/g, ' ').toLowerCase()) : null,
    ),
    h('h2', { id: 'summary-title', lang: 'vi' }, system.name),
    h(
      'p',
      { className: 'code-line' },
      h('code', { 'data-testid': 'summary-code' }, system.code),
      system.nameEn ? h('span', { className: 'muted' }, ' · ' + system.nameEn) : null,
    ),
    h(
      'dl',
      { className: 'facts' },
      h('dt', null, 'Owner'),
      h('dd', { lang: 'vi' }, system.owner ? system.owner.name + ' (' + system.owner.code + ')' : '—'),
      system.statusSince ? h('dt', null, 'Status since') : null,
      system.statusSince ? h('dd', null, system.statusSince) : null,
    ),
  ];
}

/** The connection figure with its basis (reported by an agency or counted from the graph), date and note. */
function connectionFigure(s) {
  var consistent = s.consistent === true ? 'yes' : s.consistent === false ? 'no' : 'not judged';
  return [
    h('h3', null, 'Connection summary'),
    h(
      'div',
      { className: 'figure', 'data-testid': 'summary-figure' },
      h('span', { className: 'big', 'data-testid': 'summary-text' }, s.text),
      h('span', { className: 'figure-label' }, 'connected', h('br'), 'systems'),
    ),
    h(
      'dl',
      { className: 'facts' },
      h('dt', null, 'Basis'),
      h(
        'dd',
        null,
        h('span', { className: 'basis basis-' + s.basis.toLowerCase(), 'data-testid': 'summary-basis' }, s.basis),
        s.basis === 'REPORTED' ? ' (reported by an agency)' : ' (counted from the graph)',
      ),
      h('dt', null, 'As of'),
      h('dd', null, s.asOf ? h('time', { datetime: s.asOf, 'data-testid': 'summary-asof' }, s.asOf) : '—'),
      h('dt', null, 'Consistent'),
      h('dd', null, consistent),
    ),
    s.note ? h('p', { className: 'note', 'data-testid': 'summary-note' }, s.note) : null,
  ];
}

export function renderSummary(system) {
  var s = system.connectionSummary;
  els.summary.setAttribute('data-system', system.code);
  setChildren(
    els.summary,
    ...systemHeading(system),
    ...connectionFigure(s),
    h('h3', null, 'Evidence'),
    evidenceList(s),
    system.description ? h('details', null, h('summary', null, 'About this system'), h('p', { lang: 'vi' }, system.description)) : null,
  );
}
