import { Agency } from './agency/agency.entity.js';
import { Connection } from './connection/connection.entity.js';
import { ConnectionEvent } from './connection/connection-event.entity.js';
import { Evidence } from './evidence/evidence.entity.js';
import { SourceDocument } from './evidence/source-document.entity.js';
import { Indicator } from './observation/indicator.entity.js';
import { Observation } from './observation/observation.entity.js';
import { InformationSystem } from './system/information-system.entity.js';
import { SystemLifecycleEvent } from './system/system-lifecycle-event.entity.js';
import { Task } from './plan/task.entity.js';

/**
 * Every mapped entity, given explicitly so no file discovery runs at start-up. Here, not in src/db/: the data toolkit
 * knows no module; whoever opens the database (the app, the tools) hands it this list.
 */
export const ENTITIES = [
  SourceDocument,
  Evidence,
  Agency,
  InformationSystem,
  SystemLifecycleEvent,
  Connection,
  ConnectionEvent,
  Indicator,
  Observation,
  Task,
];
