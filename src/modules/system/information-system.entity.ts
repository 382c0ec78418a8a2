import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Agency } from '../agency/agency.entity.js';
import { LifecycleStatus, SystemKind } from './system.enums.js';

@Entity({ tableName: 'information_system' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "code")')
@ObjectType({
  implements: Node,
  description:
    "An information system: a national database, an integration platform (NDXP, a province's LGSP), a portal, an application, an operations centre.",
})
export class InformationSystem extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable code, e.g. "NDXP", "LGSP-68" (Lâm Đồng\'s LGSP), "CSDLQG-DC" (population database).' })
  @Property({ unique: true })
  code!: string;

  @Field(() => SystemKind, { description: 'What sort of system this is.' })
  @Property({ type: 'text' })
  kind!: SystemKind;

  @Field({ description: 'Vietnamese name with diacritics.' })
  @Property()
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, where known.' })
  @Property({ nullable: true })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'What the system does.' })
  @Property({ nullable: true, type: 'text' })
  description?: string | null;

  @ManyToOne(() => Agency, { fieldName: 'owner_id' })
  owner!: Rel<Agency>;

  @ManyToOne(() => Agency, { nullable: true, fieldName: 'operator_id' })
  operator?: Rel<Agency> | null;

  @Field(() => LifecycleStatus, {
    nullable: true,
    description: 'Current lifecycle status: the latest ACTUAL entry of `history` (a PLANNED milestone never is); null when no source reports one.',
  })
  @Property({ type: 'text', nullable: true })
  status?: LifecycleStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date the system took its current `status`.' })
  @Property({ type: 'date', nullable: true })
  statusSince?: string | null;

  @Field(() => Int, {
    description: 'Row version for optimistic locking: pass it back when updating; an update based on an older version is refused with CONFLICT.',
  })
  @Property({ default: 1 })
  version!: number;
}
