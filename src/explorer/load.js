// Loading a view: asks the hub for the system and its neighbourhood, falls back to a name search when the text is
// not a code, and then draws everything, or shows the hub's errors with their codes. Only the latest request may
// change the page: an older answer that arrives late is dropped.
import { els, h, setChildren } from './dom.js';
import { renderGraph } from './graph.js';
import { EXPLORE_QUERY, RequestError, SUGGEST_QUERY, graphql } from './graphql-client.js';
import { renderCaption, renderEdgeTable, renderLegends, renderNodeList } from './panels.js';
import { renderSummary } from './summary.js';
import { getState, setState, syncControls, writeUrl } from './view-state.js';

var requestSeq = 0;

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

/** The system `view.code` names: by code, or else the exact or first match of a name search. */
function findSystem(view, variables, seq) {
  return graphql(EXPLORE_QUERY, variables).then(function (data) {
    if (seq !== requestSeq) return;
    if (data.informationSystem) return data.informationSystem;
    // Not a code: try it as (part of) a name.
    return graphql(SUGGEST_QUERY, { text: view.code }).then(function (found) {
      if (seq !== requestSeq) return;
      var nodes = found.informationSystems.nodes;
      if (!nodes.length) {
        throw new RequestError([{ message: 'No information system has the code or name “' + view.code + '”.', extensions: { code: 'NOT_FOUND' } }]);
      }
      var exact = nodes.filter(function (n) {
        return n.code.toLowerCase() === view.code.toLowerCase();
      })[0];
      return graphql(EXPLORE_QUERY, Object.assign({}, variables, { code: (exact || nodes[0]).code })).then(function (again) {
        return again.informationSystem;
      });
    });
  });
}

/** Shows why a view could not be loaded; before anything was shown, also replaces the loading placeholders. */
function showFailure(error) {
  showErrors(
    error instanceof RequestError ? error.errors : [{ message: String((error && error.message) || error), extensions: { code: 'CLIENT_ERROR' } }],
  );
  els.graph.setAttribute('data-state', 'error');
  if (!getState().data) {
    // Nothing shown yet: replace the loading placeholders.
    setChildren(els.caption, 'Nothing to show.');
    setChildren(
      els.summary,
      h('h2', { id: 'summary-title' }, 'System'),
      h('p', { className: 'muted' }, 'Choose a system above: type its code (e.g. LGSP-68) or part of its name.'),
    );
  }
  if (error && !(error instanceof RequestError) && window.console) console.error(error);
}

/**
 * Shows the graph around a system. `view` holds code, depth, direction and asOf; `push` adds a history entry.
 * Resolves once the page shows the result (or the error).
 */
export function explore(view, push) {
  var seq = ++requestSeq;
  setBusy(true);
  els.graph.setAttribute('data-state', 'loading');
  var variables = { code: view.code, depth: view.depth, direction: view.direction, asOf: view.asOf || null };
  return findSystem(view, variables, seq)
    .then(function (system) {
      if (seq !== requestSeq || !system) return;
      clearErrors();
      var state = { code: system.code, depth: view.depth, direction: view.direction, asOf: view.asOf || null, data: system };
      setState(state);
      writeUrl(state, push);
      syncControls(state);
      render(system);
    })
    .catch(function (error) {
      if (seq !== requestSeq) return;
      showFailure(error);
    })
    .then(function () {
      if (seq === requestSeq) setBusy(false);
    });
}

/** Makes a system the centre of the graph, keeping depth, direction and date. */
export function select(code) {
  var state = getState();
  return explore({ code: code, depth: state.depth, direction: state.direction, asOf: state.asOf }, true);
}

function render(system) {
  var n = system.neighbourhood;
  renderGraph(system, n, select);
  renderCaption(system, n);
  renderLegends(n);
  renderEdgeTable(n, select);
  renderSummary(system);
  renderNodeList(system, n, select);
  document.title = system.code + ' · Lien Thong explorer';
}
