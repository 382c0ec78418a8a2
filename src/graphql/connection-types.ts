import { Agency } from '../modules/agency/agency.entity.js';
import { Connection } from '../modules/connection/connection.entity.js';
import { SourceDocument } from '../modules/evidence/source-document.entity.js';
import { Indicator } from '../modules/observation/indicator.entity.js';
import { Observation } from '../modules/observation/observation.entity.js';
import { InformationSystem } from '../modules/system/information-system.entity.js';
import { Task } from '../modules/plan/task.entity.js';
import { ConnectionType } from './pagination.js';

/** The Relay connection types of every paginated list, defined once. */
export const AgencyConnection = ConnectionType(Agency, 'Agency', 'agency');
export const InformationSystemConnection = ConnectionType(InformationSystem, 'InformationSystem', 'information system');
export const ConnectionConnection = ConnectionType(Connection, 'Connection', 'connection between systems');
export const ObservationConnection = ConnectionType(Observation, 'Observation', 'reported figure');
export const IndicatorConnection = ConnectionType(Indicator, 'Indicator', 'indicator');
export const TaskConnection = ConnectionType(Task, 'Task', 'task or commitment');
export const SourceDocumentConnection = ConnectionType(SourceDocument, 'SourceDocument', 'source document');
