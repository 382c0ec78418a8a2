// The connection graph itself, drawn with Cytoscape: the library is a classic script loaded before this module
// (both are deferred, so they run in document order) and leaves its factory on `window`.
import { els } from './dom.js';
import { kindInfo, statusInfo } from './palette.js';
import { ringPositions } from './ring-layout.js';
import { getState } from './view-state.js';

var cy = null;

/** The Cytoscape instance, null until the first graph is drawn. */
export function getCy() {
  return cy;
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

/** Creates the Cytoscape instance once; a tap on another system than the centre calls `select` with its code. */
function createGraph(select) {
  var graph = window.cytoscape({
    container: els.graph,
    style: GRAPH_STYLE,
    minZoom: 0.25,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: false,
  });
  graph.on('tap', 'node', function (event) {
    var code = event.target.id();
    if (code !== getState().code) select(code);
  });
  graph.on('mouseover', 'node', function (event) {
    event.target.addClass('hover');
    els.graph.style.cursor = 'pointer';
    els.graph.title = event.target.data('code') + ' — ' + event.target.data('name');
  });
  graph.on('mouseout', 'node', function (event) {
    event.target.removeClass('hover');
    els.graph.style.cursor = '';
    els.graph.title = '';
  });
  return graph;
}

/** Draws the neighbourhood `n` around `system`, replacing the previous drawing, and marks the graph ready. */
export function renderGraph(system, n, select) {
  var elements = graphElements(system, n);
  if (!cy) cy = createGraph(select);
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
