import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';

/** What the public change feed reports on: the audit's entity types, by the GraphQL type they are. */
export enum ChangeKind {
  CONNECTION = 'Connection',
  OBSERVATION = 'Observation',
  INFORMATION_SYSTEM = 'InformationSystem',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What kind of object a change in the public feed is about.',
  valuesConfig: {
    CONNECTION: { description: 'A connection between systems: a status recorded, a connection created or retired.' },
    OBSERVATION: { description: 'A reported figure: recorded, corrected or deleted.' },
    INFORMATION_SYSTEM: { description: 'An information system: created or changed (details, lifecycle, owner).' },
  },
});

/**
 * One change in the public feed: what changed, when, and on which object; the audit record it comes from without
 * who made it (actor, key, request id stay in the audit log, for writers).
 */
@ObjectType({ description: 'One committed change of a status, a figure or a system, without who made it (that is in `auditLog`).' })
export class Change {
  /** The audit record's id: the feed's order and cursor. */
  dbId!: number;

  @Field(() => DateTimeResolver, { description: 'When the change was committed.' })
  at!: Date;

  @Field({ description: 'What was done, e.g. "connection.status", "observation.update", "system.create", "observation.delete".' })
  action!: string;

  @Field(() => ChangeKind, { description: 'The kind of object changed.' })
  kind!: ChangeKind;

  @Field(() => ID, { description: 'Global id of the object changed (pass it to `node`; a deleted figure answers null).' })
  entityId!: string;

  @Field(() => String, { nullable: true, description: 'Its code or key, e.g. "LGSP-68>NDXP".' })
  entityKey!: string | null;

  @Field(() => JSONObjectResolver, { description: 'Each changed field as { "field": { "from": ..., "to": ... } }.' })
  changes!: Record<string, unknown>;
}

export const ChangeConnection = ConnectionType(Change, 'Change', 'change');
