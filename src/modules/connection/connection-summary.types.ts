import { DateScalar } from '../../graphql/scalars.js';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Evidence } from '../evidence/evidence.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { Basis } from '../observation/observation.enums.js';

@ObjectType({ description: 'A connected/total count.' })
export class ConnectionCount {
  @Field(() => Int, { description: 'Systems connected.' })
  connected!: number;

  @Field(() => Int, { description: 'Systems counted in all (connected, planned, in progress, testing or suspended).' })
  total!: number;

  @Field({ description: 'The count as "connected/total", e.g. "15/23".' })
  text!: string;
}

@ObjectType({ description: 'A connection count reported by an agency, with the observation it comes from.' })
export class ReportedConnectionCount extends ConnectionCount {
  @Field(() => Observation, { description: 'The reported figure, with its quote and document.' })
  observation!: Observation;
}

@ObjectType({
  description:
    "How many of a system's counterpart systems are connected: computed from the connection edges where the graph enumerates them, otherwise the latest reported figure. `computed` and `reported` show both sides; `consistent` says whether they agree.",
})
export class ConnectionSummary {
  @Field(() => Int, { description: 'Systems connected.' })
  connected!: number;

  @Field(() => Int, { description: 'Systems counted in all.' })
  total!: number;

  @Field({ description: 'The summary as "connected/total", e.g. "15/23".' })
  text!: string;

  @Field(() => Float, { nullable: true, description: 'connected / total, from 0 to 1; null when total is 0.' })
  ratio!: number | null;

  @Field(() => Basis, { description: 'COMPUTED from the edges the hub holds, or REPORTED by an agency.' })
  basis!: Basis;

  @Field(() => DateScalar, { nullable: true, description: "The date the answer describes: the reported figure's date, or the date asked for." })
  asOf!: string | null;

  @Field(() => [Evidence], { description: "The quotes behind the answer: the reported figure's, or those of the counted edges." })
  evidence!: Evidence[];

  @Field(() => ConnectionCount, { description: 'The count computed from the connection edges in the graph on `asOf`.' })
  computed!: ConnectionCount;

  @Field(() => ReportedConnectionCount, { nullable: true, description: 'The latest reported count on or before `asOf`, if any.' })
  reported!: ReportedConnectionCount | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the computed and reported counts agree; null when only one of them exists or the graph enumerates too few edges to judge.',
  })
  consistent!: boolean | null;

  @Field(() => String, { nullable: true, description: 'Plain-language explanation of how the answer was chosen and of any disagreement.' })
  note!: string | null;
}
