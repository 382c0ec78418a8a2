import { registerEnumType } from 'type-graphql';

export enum ConnectionGroupField {
  STATUS = 'STATUS',
  CONSUMER_KIND = 'CONSUMER_KIND',
  PROVIDER_KIND = 'PROVIDER_KIND',
  CONSUMER_OWNER = 'CONSUMER_OWNER',
  PROVIDER_OWNER = 'PROVIDER_OWNER',
  CONSUMER_OWNER_KIND = 'CONSUMER_OWNER_KIND',
  PROVIDER_OWNER_KIND = 'PROVIDER_OWNER_KIND',
}
registerEnumType(ConnectionGroupField, {
  name: 'ConnectionGroupField',
  description: 'What connections are grouped by in `connectionCounts`.',
  valuesConfig: {
    STATUS: { description: 'The status on the date asked for.' },
    CONSUMER_KIND: { description: 'The kind of the consuming system.' },
    PROVIDER_KIND: { description: 'The kind of the providing system.' },
    CONSUMER_OWNER: { description: 'The agency owning the consuming system.' },
    PROVIDER_OWNER: { description: 'The agency owning the providing system.' },
    CONSUMER_OWNER_KIND: { description: "The kind of the consuming system's owner (PROVINCE, MINISTRY, ...)." },
    PROVIDER_OWNER_KIND: { description: "The kind of the providing system's owner." },
  },
});

export enum SystemGroupField {
  STATUS = 'STATUS',
  KIND = 'KIND',
  OWNER = 'OWNER',
  OWNER_KIND = 'OWNER_KIND',
}
registerEnumType(SystemGroupField, {
  name: 'SystemGroupField',
  description: 'What systems are grouped by in `systemCounts`.',
  valuesConfig: {
    STATUS: { description: 'The lifecycle status on the date asked for (null: none recorded by then).' },
    KIND: { description: 'The kind of system.' },
    OWNER: { description: 'The owning agency.' },
    OWNER_KIND: { description: 'The kind of the owning agency.' },
  },
});
