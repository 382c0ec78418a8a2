import { DateScalar } from '../../graphql/scalars.js';
import { Field, Int, ObjectType } from 'type-graphql';
import { InformationSystem } from '../system/information-system.entity.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';
import { NEIGHBOURHOOD_BUDGET } from './traversal.limits.js';

@ObjectType({ description: 'A system reached by a traversal, with its distance from the starting system.' })
export class NeighbourSystem {
  @Field(() => Int, { description: 'Fewest connections between the starting system and this one (0 for the starting system).' })
  hops!: number;

  @Field(() => InformationSystem, { description: 'The system reached.' })
  system!: InformationSystem;
}

@ObjectType({ description: 'A connection between two systems of a traversal, with its status on the date asked.' })
export class NeighbourhoodEdge {
  @Field(() => Connection, { description: "The connection (its `status` field is today's; `status` here is the one on `asOf`)." })
  connection!: Connection;

  @Field(() => ConnectionStatus, { description: "Status of the connection on the traversal's date." })
  status!: ConnectionStatus;

  @Field(() => DateScalar, { description: 'Date the connection took that status.' })
  statusSince!: string;
}

@ObjectType({ description: 'How many systems a traversal reached at one distance.' })
export class HopCount {
  @Field(() => Int, { description: 'The distance in connections.' })
  hops!: number;

  @Field(() => Int, {
    description:
      'Systems reached at that distance (before any per-hop limit). Exact when `exact` is true; otherwise a lower bound: more systems are at that distance than the walk counted before it stopped.',
  })
  systems!: number;

  @Field(() => Int, { description: 'Systems returned at that distance (after the per-hop limit).' })
  returned!: number;

  @Field({
    description:
      'True when `systems` counts every system at that distance. False only for the distance where the walk stopped at its budget (`Neighbourhood.complete` false): the systems counted and returned there are those with the lowest ids among all at that distance.',
  })
  exact!: boolean;
}

@ObjectType({
  description: 'The part of the connection graph around a system: the systems reached within a number of hops and the connections between them.',
})
export class Neighbourhood {
  @Field(() => Int, { description: 'The depth asked for.' })
  depth!: number;

  @Field(() => ConnectionDirection, { description: 'The direction followed.' })
  direction!: ConnectionDirection;

  @Field(() => DateScalar, { description: 'The date the graph is taken at.' })
  asOf!: string;

  @Field(() => [NeighbourSystem], { description: 'The systems reached, nearest first, the starting system included with 0 hops.' })
  systems!: NeighbourSystem[];

  @Field(() => [NeighbourhoodEdge], { description: 'The connections followed between the systems returned.' })
  edges!: NeighbourhoodEdge[];

  @Field(() => [HopCount], {
    description:
      'Counts per distance, nearest first: each distance at which systems were reached, and the distance where the walk stopped at its budget (even with none counted).',
  })
  hops!: HopCount[];

  @Field({
    description:
      `False when the walk stopped at its budget of ${NEIGHBOURHOOD_BUDGET.toLocaleString('en-US')} systems reached (the starting one included): ` +
      'the distances before the last one in `hops` are complete and their counts exact; at the last one (`exact` false) the walk counted only the systems with the lowest ids, as many as the budget had left, and returns the lowest `perHopLimit` of those; ' +
      'farther distances were not walked, so systems beyond it within `depth` are missing. True: every system within `depth` was reached and counted.',
  })
  complete!: boolean;

  @Field({
    description: 'True when systems within `depth` were left out: by `perHopLimit` (`returned` < `systems`) or by the budget (`complete` false).',
  })
  truncated!: boolean;
}

@ObjectType({ description: 'One shortest path between two systems.' })
export class ConnectionPath {
  @Field(() => Int, { description: 'Number of connections on the path.' })
  length!: number;

  @Field(() => [InformationSystem], { description: 'The systems on the path, from the start to the end.' })
  systems!: InformationSystem[];

  @Field(() => [Connection], { description: "The connections on the path, in order; a connection's `via` names the platform it goes through." })
  connections!: Connection[];

  @Field(() => [InformationSystem], {
    description: 'The integration platforms the path goes through: platforms on the path and the `via` of its connections.',
  })
  platforms!: InformationSystem[];
}
