// Where each system sits in the drawing: a fixed layout computed here rather than one of Cytoscape's force
// layouts, so the same graph is always drawn the same way and the chosen system is always in the middle.

/**
 * Places the chosen system in the middle and each distance on its own ring around it: ellipses wider than tall, to
 * fill the wide graph panel, large enough that the nodes of a ring do not overlap. Each ring follows the order of
 * the previous one (a system sits near the system that reached it), which keeps edges from crossing much.
 * Deterministic: the same graph is always drawn the same way.
 */
export function ringPositions(centre, n, elements) {
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
