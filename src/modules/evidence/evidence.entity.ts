import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { SourceDocument } from './source-document.entity.js';

@Entity({ tableName: 'evidence' })
@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: 'Why the hub believes something: an exact quote from a source document.' })
export class Evidence extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @ManyToOne(() => SourceDocument, { fieldName: 'document_id' })
  document!: Rel<SourceDocument>;

  @Field({ description: 'The exact words of the document (verbatim, typos included) that the fact or figure comes from.' })
  @Property({ type: 'text' })
  quote!: string;
}
