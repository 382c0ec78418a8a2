import { registerEnumType } from 'type-graphql';

export enum ConnectionStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  TESTING = 'TESTING',
  CONNECTED = 'CONNECTED',
  SUSPENDED = 'SUSPENDED',
  DISCONNECTED = 'DISCONNECTED',
}
registerEnumType(ConnectionStatus, {
  name: 'ConnectionStatus',
  description: 'Integration status of a connection between two systems.',
  valuesConfig: {
    PLANNED: { description: 'Decided or prepared, work not started.' },
    IN_PROGRESS: { description: 'Being built.' },
    TESTING: { description: 'Built and under test.' },
    CONNECTED: { description: 'Officially connected and exchanging data.' },
    SUSPENDED: { description: 'Temporarily stopped.' },
    DISCONNECTED: { description: 'Permanently ended.' },
  },
});

export enum ConnectionDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
  BOTH = 'BOTH',
}
registerEnumType(ConnectionDirection, {
  name: 'ConnectionDirection',
  description: 'Which connections of a system to follow. Connections point from consumer to provider.',
  valuesConfig: {
    UPSTREAM: { description: 'Connections where this system is the consumer: the providers it draws data from.' },
    DOWNSTREAM: { description: 'Connections where this system is the provider: the consumers that draw data from it.' },
    BOTH: { description: 'Both, plus connections routed through this system as a platform (`via`).' },
  },
});
