import { Agency } from './agency/agency.entity.js';
import { Connection } from './connection/connection.entity.js';
import { ConnectionEvent } from './connection/connection-event.entity.js';
import { SystemLifecycleEvent } from './system/system-lifecycle-event.entity.js';
import { SourceDocument } from './evidence/source-document.entity.js';
import { Indicator } from './observation/indicator.entity.js';
import { Observation } from './observation/observation.entity.js';
import { InformationSystem } from './system/information-system.entity.js';
import { Task } from './plan/task.entity.js';
import { ConnectionType } from '../graphql/pagination.js';

/**
 * The Relay connection types of every paginated list, defined once. With the modules, not in src/graphql/: the
 * toolkit there makes page types (`ConnectionType`) and knows no entity.
 */
export const AgencyConnection = ConnectionType(Agency, 'Agency', 'agency');
export const InformationSystemConnection = ConnectionType(InformationSystem, 'InformationSystem', 'information system');
export const ConnectionConnection = ConnectionType(Connection, 'Connection', 'connection between systems');
export const ObservationConnection = ConnectionType(Observation, 'Observation', 'reported figure');
export const IndicatorConnection = ConnectionType(Indicator, 'Indicator', 'indicator');
export const TaskConnection = ConnectionType(Task, 'Task', 'task or commitment');
export const SourceDocumentConnection = ConnectionType(SourceDocument, 'SourceDocument', 'source document');
export const ConnectionEventConnection = ConnectionType(ConnectionEvent, 'ConnectionEvent', 'dated status of a connection');
export const SystemLifecycleEventConnection = ConnectionType(SystemLifecycleEvent, 'SystemLifecycleEvent', 'dated lifecycle status of a system');
