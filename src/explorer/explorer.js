// Lien Thong explorer: draws the connection graph around one information system with Cytoscape (served from
// node_modules by the hub) and shows the system's connection summary with its evidence. Plain browser JavaScript,
// no build step; it only talks to /graphql on the same origin.
/* global cytoscape */
(function () {
  'use strict';

  var GRAPHQL_URL = '/graphql';
  var DEFAULT_SYSTEM = 'LGSP-68';

  var STATUSES = [
    { value: 'CONNECTED', label: 'Connected', color: '#1b9e4b', line: 'solid' },
    { value: 'TESTING', label: 'Testing', color: '#1c7ed6', line: 'dashed' },
    { value: 'IN_PROGRESS', label: 'In progress', color: '#f08c00', line: 'dashed' },
    { value: 'PLANNED', label: 'Planned', color: '#868e96', line: 'dotted' },
    { value: 'SUSPENDED', label: 'Suspended', color: '#e03131', line: 'dashed' },
    { value: 'DISCONNECTED', label: 'Disconnected', color: '#7048e8', line: 'dotted' },
  ];
  var KINDS = [
    { value: 'NATIONAL_DATABASE', label: 'National database', color: '#c2255c', shape: 'barrel' },
    { value: 'DATABASE', label: 'Database', color: '#d9480f', shape: 'barrel' },
    { value: 'INTEGRATION_PLATFORM', label: 'Integration platform', color: '#1864ab', shape: 'round-hexagon' },
    { value: 'PORTAL', label: 'Portal', color: '#0b7285', shape: 'round-rectangle' },
    { value: 'APPLICATION', label: 'Application', color: '#862e9c', shape: 'ellipse' },
    { value: 'ADMIN_PROCEDURE_SYSTEM', label: 'Admin-procedure system', color: '#2b8a3e', shape: 'round-rectangle' },
    { value: 'MONITORING_SYSTEM', label: 'Monitoring system', color: '#5c940d', shape: 'cut-rectangle' },
    { value: 'OPERATIONS_CENTRE', label: 'Operations centre', color: '#364fc7', shape: 'round-octagon' },
    { value: 'OTHER', label: 'Other', color: '#495057', shape: 'ellipse' },
  ];
  var DIRECTION_TEXT = { BOTH: 'both ways', UPSTREAM: 'upstream', DOWNSTREAM: 'downstream' };

  var EXPLORE_QUERY = [
    'query Explore($code: String!, $depth: Int!, $direction: ConnectionDirection!, $asOf: Date) {',
    '  informationSystem(code: $code) {',
    '    code name nameEn kind status statusSince description',
    '    owner { code name }',
    '    connectionSummary(asOf: $asOf) {',
    '      text connected total basis asOf note consistent',
    '      evidence { quote document { title publisher publishedAt url } }',
    '    }',
    '    neighbourhood(depth: $depth, direction: $direction, asOf: $asOf) {',
    '      asOf depth direction truncated',
    '      hops { hops systems returned }',
    '      systems { hops system { code name kind } }',
    '      edges { status statusSince connection { key consumer { code } provider { code } via { code name } } }',
    '    }',
    '  }',
    '}',
  ].join('\n');
  var SUGGEST_QUERY = 'query Suggest($text: String!) { informationSystems(first: 10, filter: { text: $text }) { nodes { code name kind } } }';

  var byValue = function (list) {
    var map = {};
    list.forEach(function (item) {
      map[item.value] = item;
    });
    return map;
  };
  var STATUS = byValue(STATUSES);
  var KIND = byValue(KINDS);
  var statusInfo = function (value) {
    return STATUS[value] || { value: value, label: value, color: '#000000', line: 'solid' };
  };
  var kindInfo = function (value) {
    return KIND[value] || KIND.OTHER;
  };

  var $ = function (id) {
    return document.getElementById(id);
  };
  var els = {
    form: $('controls'),
    system: $('system'),
    options: $('system-options'),
    depth: $('depth'),
    direction: $('direction'),
    asOf: $('asOf'),
    error: $('error'),
    graph: $('graph'),
    caption: $('graph-caption'),
    statusLegend: $('status-legend'),
    kindLegend: $('kind-legend'),
    edgeRows: $('edge-rows'),
    summary: $('summary'),
    nodeList: $('node-list'),
  };

  /** Creates an element: h('p', { className: 'x' }, 'text', child, ...). */
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === 'className') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key === 'onClick') el.addEventListener('click', value);
        else if (key === 'style') Object.assign(el.style, value);
        else el.setAttribute(key, value === true ? '' : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return el;
  }

  /** Replaces an element's children, skipping null, undefined and false (optional parts). */
  function setChildren(el) {
    var children = Array.prototype.slice.call(arguments, 1).filter(function (child) {
      return child !== undefined && child !== null && child !== false;
    });
    el.replaceChildren.apply(
      el,
      children.map(function (child) {
        return typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child;
      }),
    );
  }

  // ---- GraphQL ---------------------------------------------------------------------------------------------------

  /** A failed request: GraphQL errors (message and extensions.code) or a transport problem. */
  function RequestError(errors) {
    this.errors = errors;
    this.message = errors
      .map(function (e) {
        return e.message;
      })
      .join('; ');
  }

  function graphql(query, variables) {
    return fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: query, variables: variables }),
      credentials: 'same-origin',
    }).then(
      function (res) {
        return res.text().then(function (text) {
          var body;
          try {
            body = JSON.parse(text);
          } catch (e) {
            throw new RequestError([
              { message: 'The hub answered HTTP ' + res.status + ' with a body that is not JSON.', extensions: { code: 'HTTP_' + res.status } },
            ]);
          }
          if (body.errors && body.errors.length) throw new RequestError(body.errors);
          if (!res.ok) throw new RequestError([{ message: 'The hub answered HTTP ' + res.status + '.', extensions: { code: 'HTTP_' + res.status } }]);
          return body.data;
        });
      },
      function (error) {
        throw new RequestError([{ message: 'Could not reach the hub: ' + error.message, extensions: { code: 'NETWORK_ERROR' } }]);
      },
    );
  }

  // ---- state and URL ---------------------------------------------------------------------------------------------

  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  var state = { code: null, depth: 1, direction: 'BOTH', asOf: null, data: null };
  var requestSeq = 0;
  var cy = null;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    var depth = parseInt(params.get('depth') || '1', 10);
    var direction = (params.get('direction') || 'BOTH').toUpperCase();
    return {
      code: (params.get('system') || DEFAULT_SYSTEM).trim() || DEFAULT_SYSTEM,
      depth: depth >= 1 && depth <= 4 ? depth : 1,
      direction: DIRECTION_TEXT[direction] ? direction : 'BOTH',
      asOf: params.get('asOf') || null,
    };
  }

  function writeUrl(view, push) {
    var params = new URLSearchParams();
    params.set('system', view.code);
    if (view.depth !== 1) params.set('depth', String(view.depth));
    if (view.direction !== 'BOTH') params.set('direction', view.direction);
    if (view.asOf) params.set('asOf', view.asOf);
    var url = location.pathname + '?' + params.toString();
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  function syncControls(view) {
    els.system.value = view.code;
    els.depth.value = String(view.depth);
    els.direction.value = view.direction;
    els.asOf.value = view.asOf && DATE_RE.test(view.asOf) ? view.asOf : '';
  }

  // ---- loading ---------------------------------------------------------------------------------------------------

  function setBusy(busy) {
    document.body.classList.toggle('busy', busy);
    els.graph.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function showErrors(errors) {
    setChildren(
      els.error,
      h('strong', null, 'Could not show the graph:'),
      h(
        'ul',
        null,
        ...errors.map(function (e) {
          var code = e.extensions && e.extensions.code;
          return h('li', { 'data-code': code || '' }, e.message || String(e), code ? h('code', { className: 'error-code' }, code) : null);
        }),
      ),
    );
    els.error.hidden = false;
  }

  function clearErrors() {
    els.error.hidden = true;
    setChildren(els.error);
  }

  /**
   * Shows the graph around a system. `view` holds code, depth, direction and asOf; `push` adds a history entry.
   * Resolves once the page shows the result (or the error).
   */
  function explore(view, push) {
    var seq = ++requestSeq;
    setBusy(true);
    els.graph.setAttribute('data-state', 'loading');
    var variables = { code: view.code, depth: view.depth, direction: view.direction, asOf: view.asOf || null };
    return graphql(EXPLORE_QUERY, variables)
      .then(function (data) {
        if (seq !== requestSeq) return;
        if (data.informationSystem) return data.informationSystem;
        // Not a code: try it as (part of) a name.
        return graphql(SUGGEST_QUERY, { text: view.code }).then(function (found) {
          if (seq !== requestSeq) return;
          var nodes = found.informationSystems.nodes;
          if (!nodes.length) {
            throw new RequestError([
              { message: 'No information system has the code or name “' + view.code + '”.', extensions: { code: 'NOT_FOUND' } },
            ]);
          }
          var exact = nodes.filter(function (n) {
            return n.code.toLowerCase() === view.code.toLowerCase();
          })[0];
          view = Object.assign({}, view, { code: (exact || nodes[0]).code });
          return graphql(EXPLORE_QUERY, Object.assign({}, variables, { code: view.code })).then(function (again) {
            return again.informationSystem;
          });
        });
      })
      .then(function (system) {
        if (seq !== requestSeq || !system) return;
        clearErrors();
        state = { code: system.code, depth: view.depth, direction: view.direction, asOf: view.asOf || null, data: system };
        writeUrl(state, push);
        syncControls(state);
        render(system);
      })
      .catch(function (error) {
        if (seq !== requestSeq) return;
        showErrors(
          error instanceof RequestError
            ? error.errors
            : [{ message: String((error && error.message) || error), extensions: { code: 'CLIENT_ERROR' } }],
        );
        els.graph.setAttribute('data-state', 'error');
        if (!state.data) {
          // Nothing shown yet: replace the loading placeholders.
          setChildren(els.caption, 'Nothing to show.');
          setChildren(
            els.summary,
            h('h2', { id: 'summary-title' }, 'System'),
            h('p', { className: 'muted' }, 'Choose a system above: type its code (e.g. LGSP-68) or part of its name.'),
          );
        }
        if (error && !(error instanceof RequestError) && window.console) console.error(error);
      })
      .then(function () {
        if (seq === requestSeq) setBusy(false);
      });
  }

  /** Makes a system the centre of the graph, keeping depth, direction and date. */
  function select(code) {
    return explore({ code: code, depth: state.depth, direction: state.direction, asOf: state.asOf }, true);
  }

  // ---- rendering -------------------------------------------------------------------------------------------------

  function render(system) {
    var n = system.neighbourhood;
    renderGraph(system, n);
    renderCaption(system, n);
    renderLegends(n);
    renderEdgeTable(n);
    renderSummary(system);
    renderNodeList(system, n);
    document.title = system.code + ' · Lien Thong explorer';
  }

  function graphElements(system, n) {
    var present = {};
    var nodes = n.systems.map(function (s) {
      var kind = kindInfo(s.system.kind);
      present[s.system.code] = true;
      return {
        group: 'nodes',
        data: {
          id: s.system.code,
          code: s.system.code,
          name: s.system.name,
          kind: s.system.kind,
          hops: s.hops,
          color: kind.color,
          shape: kind.shape,
          // The code is drawn inside the node: size the node to it (about 8.5 px a character at 13 px bold).
          width: Math.max(56, Math.round(s.system.code.length * (s.system.code === system.code ? 10 : 8.6)) + 30),
        },
        classes: s.system.code === system.code ? 'centre' : '',
      };
    });
    var edges = n.edges
      .filter(function (e) {
        return present[e.connection.consumer.code] && present[e.connection.provider.code];
      })
      .map(function (e) {
        var status = statusInfo(e.status);
        var via = e.connection.via;
        return {
          group: 'edges',
          data: {
            id: 'edge:' + e.connection.key,
            key: e.connection.key,
            source: e.connection.consumer.code,
            target: e.connection.provider.code,
            status: e.status,
            statusSince: e.statusSince,
            color: status.color,
            lineStyle: status.line,
            label: via ? 'via ' + via.code : '',
          },
        };
      });
    return nodes.concat(edges);
  }

  var GRAPH_STYLE = [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)',
        width: 'data(width)',
        height: 36,
        'border-width': 2,
        'border-color': '#ffffff',
        label: 'data(code)',
        color: '#ffffff',
        'font-size': 13,
        'font-weight': 700,
        'font-family': '"DejaVu Sans", system-ui, "Segoe UI", Roboto, Arial, sans-serif',
        'text-valign': 'center',
        'text-halign': 'center',
      },
    },
    {
      selector: 'node.centre',
      style: {
        height: 46,
        'border-width': 4,
        'border-color': '#ffd43b',
        'font-size': 15,
        'font-weight': 800,
        'outline-width': 6,
        'outline-color': '#ffd43b',
        'outline-opacity': 0.55,
        'outline-offset': 3,
      },
    },
    { selector: 'node:active, node.hover', style: { 'overlay-opacity': 0.15, 'overlay-color': '#1d2433' } },
    {
      selector: 'edge',
      style: {
        width: 3,
        'line-color': 'data(color)',
        'line-style': 'data(lineStyle)',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': 'data(color)',
        'arrow-scale': 1.2,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': 11,
        color: '#495057',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
      },
    },
  ];

  function renderGraph(system, n) {
    var elements = graphElements(system, n);
    if (!cy) {
      cy = cytoscape({
        container: els.graph,
        style: GRAPH_STYLE,
        minZoom: 0.25,
        maxZoom: 3,
        boxSelectionEnabled: false,
        autoungrabify: false,
      });
      cy.on('tap', 'node', function (event) {
        var code = event.target.id();
        if (code !== state.code) select(code);
      });
      cy.on('mouseover', 'node', function (event) {
        event.target.addClass('hover');
        els.graph.style.cursor = 'pointer';
        els.graph.title = event.target.data('code') + ' — ' + event.target.data('name');
      });
      cy.on('mouseout', 'node', function (event) {
        event.target.removeClass('hover');
        els.graph.style.cursor = '';
        els.graph.title = '';
      });
    }
    cy.elements().remove();
    cy.add(elements);
    var positions = ringPositions(system.code, n, elements);
    cy.layout({
      name: 'preset',
      positions: function (node) {
        return positions[node.id()];
      },
      animate: false,
      fit: false,
    }).run();
    cy.fit(undefined, 60);
    if (cy.zoom() > 1.6) {
      cy.zoom(1.6);
      cy.center();
    }
    els.graph.setAttribute('data-centre', system.code);
    els.graph.setAttribute('data-node-count', String(cy.nodes().length));
    els.graph.setAttribute('data-edge-count', String(cy.edges().length));
    els.graph.setAttribute('data-state', 'ready');
  }

  /**
   * Places the chosen system in the middle and each distance on its own ring around it: ellipses wider than tall, to
   * fill the wide graph panel, large enough that the nodes of a ring do not overlap. Each ring follows the order of
   * the previous one (a system sits near the system that reached it), which keeps edges from crossing much.
   * Deterministic: the same graph is always drawn the same way.
   */
  function ringPositions(centre, n, elements) {
    var STRETCH = 1.7;
    var TWO_PI = 2 * Math.PI;
    var width = {};
    elements.forEach(function (el) {
      if (el.group === 'nodes') width[el.data.id] = el.data.width;
    });
    var neighbours = {};
    n.edges.forEach(function (e) {
      var a = e.connection.consumer.code;
      var b = e.connection.provider.code;
      (neighbours[a] = neighbours[a] || []).push(b);
      (neighbours[b] = neighbours[b] || []).push(a);
    });
    var rings = [];
    n.systems.forEach(function (s, index) {
      if (s.system.code === centre) return;
      (rings[s.hops] = rings[s.hops] || []).push({ code: s.system.code, index: index });
    });
    var positions = {};
    var angle = {};
    positions[centre] = { x: 0, y: 0 };
    angle[centre] = Math.PI;
    for (var hops = 1; hops < rings.length; hops++) {
      var ring = rings[hops];
      if (!ring) continue;
      ring.forEach(function (item) {
        var parents = (neighbours[item.code] || []).filter(function (code) {
          return angle[code] !== undefined;
        });
        item.parent = parents.length ? angle[parents[0]] : Math.PI;
      });
      ring.sort(function (a, b) {
        return a.parent - b.parent || a.index - b.index;
      });
      var widest = ring.reduce(function (max, item) {
        return Math.max(max, width[item.code] || 60);
      }, 60);
      // The ellipse's perimeter is about 8.3 radii at this stretch; leave 28 px between nodes.
      var radius = Math.max(hops * 150, (ring.length * (widest + 28)) / 8.3);
      var start = hops === 1 ? Math.PI : ring[0].parent;
      ring.forEach(function (item, i) {
        var theta = (start + (TWO_PI * i) / ring.length) % TWO_PI;
        angle[item.code] = theta;
        positions[item.code] = { x: Math.round(STRETCH * radius * Math.cos(theta)), y: Math.round(radius * Math.sin(theta)) };
      });
    }
    return positions;
  }

  function renderCaption(system, n) {
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
    setChildren(els.caption, text, n.truncated ? h('strong', { className: 'warn' }, ' Some systems were left out (per-hop limit).') : null);
  }

  function swatch(color, line) {
    var style = { backgroundColor: color };
    if (line) style = { borderTop: '3px ' + line + ' ' + color, backgroundColor: 'transparent' };
    return h('span', { className: line ? 'swatch swatch-line' : 'swatch', 'aria-hidden': 'true', style: style });
  }

  function renderLegends(n) {
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

  function renderEdgeTable(n) {
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

  function renderSummary(system) {
    var s = system.connectionSummary;
    var kind = kindInfo(system.kind);
    var consistent = s.consistent === true ? 'yes' : s.consistent === false ? 'no' : 'not judged';
    var evidence = s.evidence.length
      ? h(
          'ol',
          { className: 'evidence', 'data-testid': 'evidence' },
          ...s.evidence.map(function (ev) {
            var doc = ev.document;
            var title = doc.url
              ? h('a', { href: doc.url, rel: 'noopener noreferrer external', target: '_blank' }, doc.title)
              : h('cite', null, doc.title);
            return h(
              'li',
              null,
              h(
                'figure',
                null,
                h('blockquote', { lang: 'vi' }, '“' + ev.quote + '”'),
                h(
                  'figcaption',
                  null,
                  title,
                  doc.publisher ? ' — ' + doc.publisher : '',
                  ', ',
                  h('time', { datetime: doc.publishedAt }, doc.publishedAt),
                ),
              ),
            );
          }),
        )
      : h('p', { className: 'muted' }, 'No evidence quoted for this figure.');
    els.summary.setAttribute('data-system', system.code);
    setChildren(
      els.summary,
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
      h('h3', null, 'Evidence'),
      evidence,
      system.description ? h('details', null, h('summary', null, 'About this system'), h('p', { lang: 'vi' }, system.description)) : null,
    );
  }

  function renderNodeList(system, n) {
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
                if (s.system.code !== state.code) select(s.system.code);
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

  // ---- controls --------------------------------------------------------------------------------------------------

  // The system picker: a combobox whose list shows the systems matching the typed code or name.
  var suggestTimer = null;
  var suggestSeq = 0;
  var options = [];
  var active = -1;

  function closeOptions() {
    clearTimeout(suggestTimer);
    suggestSeq++;
    options = [];
    active = -1;
    els.options.hidden = true;
    setChildren(els.options);
    els.system.setAttribute('aria-expanded', 'false');
    els.system.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(els.options.children, function (li, i) {
      li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      if (i === index) li.scrollIntoView({ block: 'nearest' });
    });
    if (index >= 0) els.system.setAttribute('aria-activedescendant', 'system-option-' + index);
    else els.system.removeAttribute('aria-activedescendant');
  }

  function choose(node) {
    closeOptions();
    els.system.value = node.code;
    explore({ code: node.code, depth: parseInt(els.depth.value, 10), direction: els.direction.value, asOf: els.asOf.value || null }, true);
  }

  function showOptions(nodes) {
    options = nodes;
    active = -1;
    setChildren(
      els.options,
      ...nodes.map(function (node, i) {
        var li = h(
          'li',
          { id: 'system-option-' + i, role: 'option', 'aria-selected': 'false', 'data-code': node.code },
          h('span', { className: 'opt-code' }, node.code),
          h('span', { className: 'opt-name', lang: 'vi' }, node.name),
        );
        // mousedown, not click: choose before the input loses focus.
        li.addEventListener('mousedown', function (event) {
          event.preventDefault();
          choose(node);
        });
        return li;
      }),
    );
    els.options.hidden = nodes.length === 0;
    els.system.setAttribute('aria-expanded', nodes.length ? 'true' : 'false');
  }

  els.system.addEventListener('input', function () {
    clearTimeout(suggestTimer);
    var text = els.system.value.trim();
    if (text.length < 2) {
      closeOptions();
      return;
    }
    suggestTimer = setTimeout(function () {
      var seq = ++suggestSeq;
      graphql(SUGGEST_QUERY, { text: text }).then(
        function (data) {
          if (seq === suggestSeq && document.activeElement === els.system) showOptions(data.informationSystems.nodes);
        },
        function () {
          /* suggestions are a convenience; errors show on submit */
        },
      );
    }, 200);
  });
  els.system.addEventListener('keydown', function (event) {
    if (els.options.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      var step = event.key === 'ArrowDown' ? 1 : -1;
      var next = active + step;
      if (next >= options.length) next = -1;
      else if (next < -1) next = options.length - 1;
      highlight(next);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeOptions();
    }
  });
  els.system.addEventListener('blur', closeOptions);

  els.form.addEventListener('submit', function (event) {
    event.preventDefault();
    closeOptions();
    var code = els.system.value.trim();
    if (!code) return;
    explore({ code: code, depth: parseInt(els.depth.value, 10), direction: els.direction.value, asOf: els.asOf.value || null }, true);
  });
  [els.depth, els.direction, els.asOf].forEach(function (control) {
    control.addEventListener('change', function () {
      if (!state.code) return;
      explore({ code: state.code, depth: parseInt(els.depth.value, 10), direction: els.direction.value, asOf: els.asOf.value || null }, true);
    });
  });

  window.addEventListener('popstate', function () {
    var view = readUrl();
    syncControls(view);
    explore(view, false);
  });

  // The palette, once: shown before the first answer arrives.
  renderLegends({ edges: [], systems: [] });

  // For scripts and tests: the Cytoscape instance, the current state and the navigation function.
  window.explorer = {
    get cy() {
      return cy;
    },
    get state() {
      return state;
    },
    select: select,
    statuses: STATUSES,
    kinds: KINDS,
  };

  var initial = readUrl();
  syncControls(initial);
  explore(initial, false);
})();
