import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { PageInfo } from '../../graphql/pagination.js';

@ObjectType({
  implements: Node,
  description:
    'One change made through the API or an import: who, when, what changed from -> to. Refetchable by `node(id)` with the same rights as `auditLog`.',
})
export class AuditEntry extends Node {
  /** The record's sequential id. */
  override dbId!: number;

  @Field(() => DateTimeResolver, { description: 'When the change was committed.' })
  at!: Date;

  @Field({ description: "Who made it: the API key's name, id and role." })
  actor!: string;

  @Field(() => Int, { nullable: true, description: 'Id of the API key used (null for the command-line tools).' })
  apiKeyId!: number | null;

  @Field({ description: 'What was done, e.g. "connection.status", "system.update", "observation.create".' })
  action!: string;

  @Field({ description: 'Type of the object changed.' })
  entityType!: string;

  @Field(() => ID, { nullable: true, description: 'Global id of the object changed (pass it to `node`).' })
  entityId!: string | null;

  @Field(() => String, { nullable: true, description: 'Its code or key.' })
  entityKey!: string | null;

  @Field(() => JSONObjectResolver, { description: 'Each changed field as { "field": { "from": ..., "to": ... } }.' })
  changes!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Id of the request that made it (the x-request-id header), to match the logs.' })
  requestId!: string | null;
}

@InputType({ description: 'Filters for the audit log; all given filters must match.' })
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Only changes to objects of this type, e.g. "Connection".' })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes to this object (global id).' })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only changes to the object with this code or key.' })
  entityKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this action, e.g. "connection.status".' })
  action?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only changes made with this API key id.' })
  apiKeyId?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only changes at or after this time.' })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Only changes before this time.' })
  to?: Date | null;
}

@ObjectType({ description: 'One audit record in a page, with its cursor.' })
export class AuditEntryEdge {
  @Field({ description: 'Opaque cursor of this record: pass it as `after` to continue after it, or as `before` to page back from it.' })
  cursor!: string;

  @Field(() => AuditEntry, { description: 'The audit record.' })
  node!: AuditEntry;
}

@ObjectType({ description: 'A page of audit records, newest first unless `orderBy` says otherwise.' })
export class AuditEntryConnection {
  @Field(() => [AuditEntryEdge], { description: 'The records of this page with their cursors.' })
  edges!: AuditEntryEdge[];

  @Field(() => [AuditEntry], { description: 'The records of this page.' })
  nodes!: AuditEntry[];

  @Field(() => PageInfo, { description: 'Whether more records follow, and the cursor to get them.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of records matching the filter.' })
  totalCount!: number;
}
