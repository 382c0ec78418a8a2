import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { TaskKind, TaskStatus } from './role.enums.js';

@InputType({ description: 'Filters for tasks and commitments; all given filters must match.' })
export class TaskFilter {
  @Field(() => String, { nullable: true, description: 'Only tasks assigned to (or shared with, as a partner) the agency with this code, e.g. "96".' })
  agencyCode?: string | null;

  @Field(() => [TaskStatus], { nullable: true, description: 'Only tasks whose reported status is one of these.' })
  statuses?: TaskStatus[] | null;

  @Field(() => [TaskKind], { nullable: true, description: 'Only tasks of these kinds.' })
  kinds?: TaskKind[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only tasks overdue on this date: due before it and not reported done on or before it.' })
  overdueOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only tasks due on or before this date.' })
  dueBefore?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only tasks due on or after this date.' })
  dueAfter?: string | null;

  @Field(() => String, { nullable: true, description: 'Only tasks from the source document with this key.' })
  documentKey?: string | null;
}
