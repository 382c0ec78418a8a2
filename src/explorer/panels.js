// The text views that go with the drawing: its caption, the two legends, the table of connections and the list of
// systems (the accessible twin of the canvas: every node is also a button here).
import { els, h, setChildren, swatch } from './dom.js';
import { DIRECTION_TEXT, KINDS, STATUSES, kindInfo, statusInfo } from './palette.js';
import { getState } from './view-state.js';

export function renderCaption(system, n) {
  var systems = n.systems.length;
  var edges = n.edges.length;
  var text =
    systems +
    (systems === 1 ? ' system, ' : ' systems, ') +
    edges +
    (edges === 1 ? ' connection' : ' connections') +
    ' within ' +
    n.depth +
    (n.depth === 1 ? ' hop' : ' hops') +
    ' of ' +
    system.code +
    ', ' +
    DIRECTION_TEXT[n.direction] +
    ', as of ' +
    n.asOf +
    '.';
  var why = n.complete === false ? ' (the walk stopped at its limit of systems reached: farther systems are missing)' : ' (per-hop limit)';
  setChildren(els.caption, text, n.truncated ? h('strong', { className: 'warn' }, ' Some systems were left out' + why + '.') : null);
}

export function renderLegends(n) {
  var statusCount = {};
  n.edges.forEach(function (e) {
    statusCount[e.status] = (statusCount[e.status] || 0) + 1;
  });
  var kindCount = {};
  n.systems.forEach(function (s) {
    kindCount[s.system.kind] = (kindCount[s.system.kind] || 0) + 1;
  });
  setChildren(
    els.statusLegend,
    ...STATUSES.map(function (s) {
      var count = statusCount[s.value] || 0;
      return h(
        'li',
        { 'data-status': s.value, 'data-color': s.color, 'data-count': count, className: count ? 'used' : 'unused' },
        swatch(s.color, s.line),
        s.label,
        count ? h('span', { className: 'count' }, String(count)) : null,
      );
    }),
  );
  setChildren(
    els.kindLegend,
    ...KINDS.filter(function (k) {
      return kindCount[k.value];
    }).map(function (k) {
      return h(
        'li',
        { 'data-kind': k.value, 'data-color': k.color, className: 'used' },
        swatch(k.color),
        k.label,
        h('span', { className: 'count' }, String(kindCount[k.value])),
      );
    }),
  );
}

/** One row per connection; each code is a button that calls `select` with it. */
export function renderEdgeTable(n, select) {
  if (!n.edges.length) {
    setChildren(els.edgeRows, h('tr', null, h('td', { colspan: 5, className: 'muted' }, 'No connections on this date.')));
    return;
  }
  setChildren(
    els.edgeRows,
    ...n.edges.map(function (e) {
      var status = statusInfo(e.status);
      var link = function (code) {
        return h(
          'button',
          {
            type: 'button',
            className: 'link',
            'data-code': code,
            onClick: function () {
              select(code);
            },
          },
          code,
        );
      };
      return h(
        'tr',
        { 'data-key': e.connection.key, 'data-status': e.status },
        h('td', null, link(e.connection.consumer.code)),
        h('td', null, link(e.connection.provider.code)),
        h('td', null, e.connection.via ? link(e.connection.via.code) : '—'),
        h('td', null, h('span', { className: 'status-pill', style: { borderColor: status.color, color: status.color } }, status.label)),
        h('td', null, h('time', { datetime: e.statusSince }, e.statusSince)),
      );
    }),
  );
}

/** One button per system, nearest first; a click on another system than the centre calls `select`. */
export function renderNodeList(system, n, select) {
  setChildren(
    els.nodeList,
    ...n.systems.map(function (s) {
      var kind = kindInfo(s.system.kind);
      var centre = s.system.code === system.code;
      return h(
        'li',
        null,
        h(
          'button',
          {
            type: 'button',
            className: centre ? 'node centre' : 'node',
            'data-code': s.system.code,
            'data-hops': s.hops,
            'aria-current': centre ? 'true' : null,
            'aria-label':
              s.system.code +
              ', ' +
              s.system.name +
              ', ' +
              kind.label +
              ', ' +
              (s.hops === 0 ? 'the chosen system' : s.hops + (s.hops === 1 ? ' hop' : ' hops') + ' away'),
            onClick: function () {
              if (s.system.code !== getState().code) select(s.system.code);
            },
          },
          swatch(kind.color),
          h('span', { className: 'node-code' }, s.system.code),
          h('span', { className: 'node-name', lang: 'vi' }, s.system.name),
          h('span', { className: 'node-hops' }, s.hops === 0 ? 'centre' : s.hops + ' hop' + (s.hops === 1 ? '' : 's')),
        ),
      );
    }),
  );
}
