// The explorer's colours and shapes: one per connection status and per system kind, shared by the graph, the
// legends, the tables and the side panel so that each status is drawn in the same colour everywhere.

export const STATUSES = [
  { value: 'CONNECTED', label: 'Connected', color: '#1b9e4b', line: 'solid' },
  { value: 'TESTING', label: 'Testing', color: '#1c7ed6', line: 'dashed' },
  { value: 'IN_PROGRESS', label: 'In progress', color: '#f08c00', line: 'dashed' },
  { value: 'PLANNED', label: 'Planned', color: '#868e96', line: 'dotted' },
  { value: 'SUSPENDED', label: 'Suspended', color: '#e03131', line: 'dashed' },
  { value: 'DISCONNECTED', label: 'Disconnected', color: '#7048e8', line: 'dotted' },
];
export const KINDS = [
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
export const DIRECTION_TEXT = { BOTH: 'both ways', UPSTREAM: 'upstream', DOWNSTREAM: 'downstream' };

var byValue = function (list) {
  var map = {};
  list.forEach(function (item) {
    map[item.value] = item;
  });
  return map;
};
var STATUS = byValue(STATUSES);
var KIND = byValue(KINDS);

/** A status the palette does not know (a newer hub) is drawn in black with a solid line. */
export var statusInfo = function (value) {
  return STATUS[value] || { value: value, label: value, color: '#000000', line: 'solid' };
};
export var kindInfo = function (value) {
  return KIND[value] || KIND.OTHER;
};
