// Lien Thong explorer: draws the connection graph around one information system with Cytoscape (served from
// node_modules by the hub) and shows the system's connection summary with its evidence. Plain browser JavaScript
// in ES modules, no build step; it only talks to /graphql on the same origin. This entry module wires the
// controls and the history to the loader; the modules beside it do the work:
//   palette.js (colours), dom.js (elements), graphql-client.js, view-state.js (state and URL), load.js (loading),
//   graph.js and ring-layout.js (the drawing), panels.js (caption, legends, tables), summary.js (side panel),
//   suggestions.js (the system picker).
import { els } from './dom.js';
import { getCy } from './graph.js';
import { explore, select } from './load.js';
import { KINDS, STATUSES } from './palette.js';
import { renderLegends } from './panels.js';
import { closeOptions, initSuggestions } from './suggestions.js';
import { controlsView, getState, readUrl, syncControls } from './view-state.js';

initSuggestions();

els.form.addEventListener('submit', function (event) {
  event.preventDefault();
  closeOptions();
  var code = els.system.value.trim();
  if (!code) return;
  explore(controlsView(code), true);
});
[els.depth, els.direction, els.asOf].forEach(function (control) {
  control.addEventListener('change', function () {
    var state = getState();
    if (!state.code) return;
    explore(controlsView(state.code), true);
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
    return getCy();
  },
  get state() {
    return getState();
  },
  select: select,
  statuses: STATUSES,
  kinds: KINDS,
};

var initial = readUrl();
syncControls(initial);
explore(initial, false);
