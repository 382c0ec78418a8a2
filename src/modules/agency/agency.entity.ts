import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';

export enum AgencyKind {
  COUNTRY = 'COUNTRY',
  MINISTRY = 'MINISTRY',
  MINISTRY_LEVEL_AGENCY = 'MINISTRY_LEVEL_AGENCY',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  COMMITTEE = 'COMMITTEE',
  PROVINCE = 'PROVINCE',
  CENTRAL_CITY = 'CENTRAL_CITY',
  COMMUNE = 'COMMUNE',
  PROVINCIAL_BODY = 'PROVINCIAL_BODY',
  ENTERPRISE = 'ENTERPRISE',
  OTHER = 'OTHER',
}
registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  description: 'What sort of body an agency is.',
  valuesConfig: {
    COUNTRY: { description: 'The country as a whole: the subject of national figures.' },
    MINISTRY: { description: 'A ministry (Bộ).' },
    MINISTRY_LEVEL_AGENCY: { description: 'A ministry-level agency (cơ quan ngang bộ), e.g. the Government Office.' },
    GOVERNMENT_AGENCY: { description: 'An agency under the Government (cơ quan thuộc Chính phủ), e.g. Vietnam Social Security.' },
    COMMITTEE: { description: 'A national committee or steering body.' },
    PROVINCE: { description: 'A province (tỉnh).' },
    CENTRAL_CITY: { description: 'A centrally-run city (thành phố trực thuộc trung ương).' },
    COMMUNE: { description: 'A commune-level unit (xã, phường, đặc khu) of the 2025 organisation.' },
    PROVINCIAL_BODY: { description: 'A department or body of a province (sở, công an tỉnh, ...).' },
    ENTERPRISE: { description: 'An enterprise (VNPT, Viettel, FPT, ...).' },
    OTHER: { description: 'Anything else.' },
  },
});

@Entity({ tableName: 'agency' })
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description: 'A body that owns, runs or uses information systems, or that figures are reported for: ministries, provinces, communes, enterprises.',
})
export class Agency extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({
    description:
      'Official or customary code: the GSO code for provinces and communes ("68"), an abbreviation for ministries ("BCA"). A code can name two units over time; see `validFrom`.',
  })
  @Property()
  code!: string;

  @Field(() => AgencyKind, { description: 'What sort of body this is.' })
  @Property({ type: 'text' })
  kind!: AgencyKind;

  @Field({ description: 'Vietnamese short name with diacritics, e.g. "Lâm Đồng".' })
  @Property()
  name!: string;

  @Field(() => String, { nullable: true, description: 'Vietnamese full name, e.g. "Tỉnh Lâm Đồng".' })
  @Property({ nullable: true })
  fullName?: string | null;

  @Field({ description: 'The name folded to ASCII (diacritics removed, đ -> d), e.g. "Lam Dong".' })
  @Property()
  nameAscii!: string;

  @Field(() => String, { nullable: true, description: 'English name, where known.' })
  @Property({ nullable: true })
  nameEn?: string | null;

  @ManyToOne(() => Agency, { nullable: true, fieldName: 'parent_id' })
  parent?: Rel<Agency> | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day this unit existed in this form (null: before the records the hub holds).' })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day this unit existed in this form (null: still exists).' })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Field(() => Int, {
    description: 'Row version for optimistic locking: pass it back when updating; an update based on an older version is refused with CONFLICT.',
  })
  @Property({ default: 1 })
  version!: number;
}
