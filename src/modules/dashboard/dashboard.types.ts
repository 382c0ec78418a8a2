import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { Agency, AgencyKind } from '../agency/agency.entity.js';
import { ConnectionStatus } from '../connection/connection.enums.js';
import { ReportedConnectionCount } from '../connection/connection-summary.types.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { LifecycleStatus, SystemKind } from '../system/system.enums.js';

@ObjectType({
  description:
    "One agency x one system of an integration matrix: the best status on the date among the connections between the agency's systems (its own, its bodies', those of the units it succeeded) and that system, at either end or as the platform they go through.",
})
export class IntegrationMatrixCell {
  @Field(() => Agency, { description: 'The row.' })
  agency!: Agency;

  @Field(() => InformationSystem, { description: 'The column.' })
  system!: InformationSystem;

  @Field(() => ConnectionStatus, {
    nullable: true,
    description: 'The best status on the date (CONNECTED first); null when the hub knows no such connection by then.',
  })
  status!: ConnectionStatus | null;

  @Field(() => DateScalar, { nullable: true, description: 'Since when that status holds.' })
  statusSince!: string | null;

  @Field({ description: 'The agency (or a unit it answers for) owns the column system itself.' })
  owns!: boolean;

  connectionId!: number | null;
  throughId!: number | null;
  evidenceId!: number | null;
}

@ObjectType({ description: 'A connected/total count of a matrix row or column, computed from its cells.' })
export class IntegrationMatrixCount {
  @Field(() => Int, { description: 'Cells whose status is CONNECTED.' })
  connected!: number;

  @Field(() => Int, { description: 'Cells with any known status.' })
  known!: number;

  @Field(() => Int, { description: 'Cells in the row or column.' })
  total!: number;

  @Field({ description: '"connected/total", e.g. "63/63".' })
  text!: string;

  @Field(() => Float, { nullable: true, description: 'connected / total, from 0 to 1; null when total is 0.' })
  ratio!: number | null;
}

@ObjectType({ description: "A matrix row: one agency's count over the chosen systems." })
export class IntegrationMatrixRow extends IntegrationMatrixCount {
  @Field(() => Agency, { description: 'The agency.' })
  agency!: Agency;
}

@ObjectType({ description: "A matrix column: one system's count over the chosen agencies, beside the latest figure reported for it." })
export class IntegrationMatrixColumn extends IntegrationMatrixCount {
  @Field(() => InformationSystem, { description: 'The system.' })
  system!: InformationSystem;

  @Field(() => ReportedConnectionCount, {
    nullable: true,
    description:
      'The latest connection count reported for this system on or before the date (e.g. 63/63 localities), with its quote: what the agencies say, beside what the graph holds.',
  })
  reported!: ReportedConnectionCount | null;
}

@ObjectType({ description: 'Which agencies are connected to which systems on a date, with the counts of each row and column.' })
export class IntegrationMatrix {
  @Field(() => DateScalar, { description: 'The date the matrix describes.' })
  asOf!: string;

  @Field(() => [Agency], { description: 'The rows: the agencies valid on the date, by code.' })
  agencies!: Agency[];

  @Field(() => [InformationSystem], { description: 'The columns, in the order asked for.' })
  systems!: InformationSystem[];

  @Field(() => [IntegrationMatrixCell], { description: 'Every pair, row by row, columns in order.' })
  cells!: IntegrationMatrixCell[];

  @Field(() => [IntegrationMatrixRow], { description: 'One count per agency.' })
  rows!: IntegrationMatrixRow[];

  @Field(() => [IntegrationMatrixColumn], { description: 'One count per system, e.g. "1/34 localities connected".' })
  columns!: IntegrationMatrixColumn[];
}

@ObjectType({ description: 'A group of connections and how many it holds; the fields grouped by are set, the others null.' })
export class ConnectionGroupCount {
  @Field(() => ConnectionStatus, { nullable: true, description: 'Status on the date.' })
  status!: ConnectionStatus | null;

  @Field(() => SystemKind, { nullable: true, description: 'Kind of the consuming system.' })
  consumerKind!: SystemKind | null;

  @Field(() => SystemKind, { nullable: true, description: 'Kind of the providing system.' })
  providerKind!: SystemKind | null;

  @Field(() => AgencyKind, { nullable: true, description: "Kind of the consuming system's owner." })
  consumerOwnerKind!: AgencyKind | null;

  @Field(() => AgencyKind, { nullable: true, description: "Kind of the providing system's owner." })
  providerOwnerKind!: AgencyKind | null;

  @Field(() => Int, { description: 'Connections in the group.' })
  count!: number;

  consumerOwnerId!: number | null;
  providerOwnerId!: number | null;
}

@ObjectType({ description: 'A group of systems and how many it holds; the fields grouped by are set, the others null.' })
export class SystemGroupCount {
  @Field(() => LifecycleStatus, { nullable: true, description: 'Lifecycle status on the date (null also when none was recorded by then).' })
  status!: LifecycleStatus | null;

  @Field(() => SystemKind, { nullable: true, description: 'Kind of system.' })
  kind!: SystemKind | null;

  @Field(() => AgencyKind, { nullable: true, description: 'Kind of the owner.' })
  ownerKind!: AgencyKind | null;

  @Field(() => Int, { description: 'Systems in the group.' })
  count!: number;

  ownerId!: number | null;
}

@ObjectType({ description: 'A count of one value (a kind, a status).' })
export class ValueCount {
  @Field({ description: 'The value.' })
  value!: string;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({
  description:
    "An agency's systems and their connections on a date, rolled up over the bodies under it and the units it succeeded (a 2025 province and the provinces merged into it): each system and each connection counted once.",
})
export class AgencyRollup {
  @Field(() => DateScalar, { description: 'The date.' })
  asOf!: string;

  @Field(() => Int, { description: 'Systems owned by the agency, its bodies or the units it succeeded.' })
  systems!: number;

  @Field(() => [ValueCount], { description: 'Those systems by kind.' })
  systemsByKind!: ValueCount[];

  @Field(() => Int, { description: 'Connections with one of those systems at either end, existing on the date.' })
  connections!: number;

  @Field(() => [ValueCount], { description: 'Those connections by status on the date.' })
  connectionsByStatus!: ValueCount[];

  succeededIds!: number[];
}
