import { DateScalar } from '../../graphql/scalars.js';
import { Field, Int, ObjectType } from 'type-graphql';
import { InformationSystem } from '../system/information-system.entity.js';
import { Connection } from './connection.entity.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';

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

  @Field(() => Int, { description: 'Systems reached at that distance (before any per-hop limit).' })
  systems!: number;

  @Field(() => Int, { description: 'Systems returned at that distance (after the per-hop limit).' })
  returned!: number;
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

  @Field(() => [HopCount], { description: 'Counts per distance.' })
  hops!: HopCount[];

  @Field({ description: 'True when `perHopLimit` left systems out.' })
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
