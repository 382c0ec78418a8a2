import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Measure } from '../plan/role.enums.js';

@Entity({ tableName: 'indicator' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "code")')
@ObjectType({ implements: Node, description: 'What a reported figure measures, e.g. "systems connected through the platform" (unit: systems).' })
export class Indicator extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable code, e.g. "platform.systems_connected".' })
  @Property({ unique: true })
  code!: string;

  @Field({ description: 'Vietnamese name.' })
  @Property()
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name.' })
  @Property({ nullable: true })
  nameEn?: string | null;

  @Field({ description: 'Unit of `value`, `numerator` and `target`: "%", "systems", "dossiers", "billion VND", ...' })
  @Property()
  unit!: string;

  @Field({
    description: "True when the figure counts connections of its subject system; the latest such figure is the system's reported connection summary.",
  })
  @Property()
  countsConnections!: boolean;

  @Field(() => Measure, {
    description:
      'Whether a value is a running total (CUMULATIVE), for a period (PERIOD) or the state on a date (AS_OF_DATE); every figure of the indicator is of this measure.',
  })
  @Property({ type: 'text', default: 'AS_OF_DATE' })
  measure!: Measure;

  @Field(() => String, { nullable: true, description: 'What exactly is counted or measured.' })
  @Property({ nullable: true, type: 'text' })
  description?: string | null;
}
