import { registerEnumType } from 'type-graphql';

export enum SystemKind {
  NATIONAL_DATABASE = 'NATIONAL_DATABASE',
  DATABASE = 'DATABASE',
  INTEGRATION_PLATFORM = 'INTEGRATION_PLATFORM',
  PORTAL = 'PORTAL',
  APPLICATION = 'APPLICATION',
  ADMIN_PROCEDURE_SYSTEM = 'ADMIN_PROCEDURE_SYSTEM',
  OPERATIONS_CENTRE = 'OPERATIONS_CENTRE',
  MONITORING_SYSTEM = 'MONITORING_SYSTEM',
  OTHER = 'OTHER',
}
registerEnumType(SystemKind, {
  name: 'SystemKind',
  description: 'What sort of information system this is.',
  valuesConfig: {
    NATIONAL_DATABASE: { description: 'A national database (cơ sở dữ liệu quốc gia): population, land, cadres and civil servants, ...' },
    DATABASE: { description: 'Another database: a sector or provincial database.' },
    INTEGRATION_PLATFORM: { description: "A data integration and sharing platform: NDXP, a ministry's or province's LGSP." },
    PORTAL: { description: 'A portal, e.g. the National Public Service Portal.' },
    APPLICATION: { description: 'An application for citizens or officials, e.g. VNeID, eGOV-CONNECT.' },
    ADMIN_PROCEDURE_SYSTEM: { description: 'A provincial administrative-procedure information system.' },
    OPERATIONS_CENTRE: { description: 'An intelligent operations centre (IOC).' },
    MONITORING_SYSTEM: { description: 'A monitoring and measurement system, e.g. EMC.' },
    OTHER: { description: 'Anything else.' },
  },
});

export enum LifecycleStatus {
  PLANNED = 'PLANNED',
  IN_DEVELOPMENT = 'IN_DEVELOPMENT',
  PILOT = 'PILOT',
  OPERATIONAL = 'OPERATIONAL',
  RETIRED = 'RETIRED',
}
registerEnumType(LifecycleStatus, {
  name: 'LifecycleStatus',
  description: 'Where a system is in its life.',
  valuesConfig: {
    PLANNED: { description: 'Decided or proposed, not yet being built.' },
    IN_DEVELOPMENT: { description: 'Being built or populated.' },
    PILOT: { description: 'Running as a pilot.' },
    OPERATIONAL: { description: 'In official operation.' },
    RETIRED: { description: 'No longer in use.' },
  },
});
