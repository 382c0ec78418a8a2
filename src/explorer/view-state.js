// What the page shows (system, depth, direction, date and the last answer) and its mirror in the address bar, so
// that a view can be bookmarked, shared and reached again with the browser's Back and Forward buttons.
import { els } from './dom.js';
import { DIRECTION_TEXT } from './palette.js';

var DEFAULT_SYSTEM = 'LGSP-68';
var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
var state = { code: null, depth: 1, direction: 'BOTH', asOf: null, data: null };

/** The view on screen; `data` is null until the first answer arrives. */
export function getState() {
  return state;
}

export function setState(next) {
  state = next;
}

export function readUrl() {
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

export function writeUrl(view, push) {
  var params = new URLSearchParams();
  params.set('system', view.code);
  if (view.depth !== 1) params.set('depth', String(view.depth));
  if (view.direction !== 'BOTH') params.set('direction', view.direction);
  if (view.asOf) params.set('asOf', view.asOf);
  var url = location.pathname + '?' + params.toString();
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

export function syncControls(view) {
  els.system.value = view.code;
  els.depth.value = String(view.depth);
  els.direction.value = view.direction;
  els.asOf.value = view.asOf && DATE_RE.test(view.asOf) ? view.asOf : '';
}

/** The view the controls describe (the system field aside): depth, direction and date around `code`. */
export function controlsView(code) {
  return { code: code, depth: parseInt(els.depth.value, 10), direction: els.direction.value, asOf: els.asOf.value || null };
}
