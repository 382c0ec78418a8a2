// The system picker: a combobox whose list shows the systems matching the typed code or name (WAI-ARIA combobox
// pattern: arrow keys move through the list, Enter picks, Escape closes). Picking a system loads its graph.
import { els, h, setChildren } from './dom.js';
import { SUGGEST_QUERY, graphql } from './graphql-client.js';
import { explore } from './load.js';
import { controlsView } from './view-state.js';

var suggestTimer = null;
var suggestSeq = 0;
var options = [];
var active = -1;

export function closeOptions() {
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
  explore(controlsView(node.code), true);
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

/** Asks for suggestions 200 ms after the last keystroke, once at least two characters are typed. */
function onInput() {
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
}

function onKeydown(event) {
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
}

export function initSuggestions() {
  els.system.addEventListener('input', onInput);
  els.system.addEventListener('keydown', onKeydown);
  els.system.addEventListener('blur', closeOptions);
}
