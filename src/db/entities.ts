import { Agency } from '../modules/agency/agency.entity.js';
import { Connection } from '../modules/connection/connection.entity.js';
import { ConnectionEvent } from '../modules/connection/connection-event.entity.js';
import { Evidence } from '../modules/evidence/evidence.entity.js';
import { SourceDocument } from '../modules/evidence/source-document.entity.js';
import { Indicator } from '../modules/observation/indicator.entity.js';
import { Observation } from '../modules/observation/observation.entity.js';
import { InformationSystem } from '../modules/system/information-system.entity.js';
import { SystemLifecycleEvent } from '../modules/system/system-lifecycle-event.entity.js';
import { Task } from '../modules/plan/task.entity.js';

/** Every mapped entity, given explicitly so no file discovery runs at start-up. */
export const ENTITIES = [
  SourceDocument, Evidence, Agency, InformationSystem, SystemLifecycleEvent, Connection, ConnectionEvent, Indicator, Observation, Task,
];
