// The page's elements and two small helpers that build DOM nodes without innerHTML (all text arrives as text
// nodes, so nothing the hub returns can inject markup).

var $ = function (id) {
  return document.getElementById(id);
};
export var els = {
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
export function h(tag, props) {
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
export function setChildren(el) {
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

/** A colour sample for the legends and lists: a filled square, or a line in the edge's style. */
export function swatch(color, line) {
  var style = { backgroundColor: color };
  if (line) style = { borderTop: '3px ' + line + ' ' + color, backgroundColor: 'transparent' };
  return h('span', { className: line ? 'swatch swatch-line' : 'swatch', 'aria-hidden': 'true', style: style });
}
