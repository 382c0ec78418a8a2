import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Observation } from './observation.entity.js';
import { DeleteObservationInput, RecordObservationInput } from './observation-write.inputs.js';
import { deleteObservation, recordObservation } from './observation-write.service.js';

@Resolver()
export class ObservationWriteResolver {
  @Mutation(() => Observation, {
    description:
      'Records a reported figure with its evidence, or corrects the figure with the same key. Needs an admin key, or an editor key for the agency or system the figure is about.',
  })
  async recordObservation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordObservationInput, { description: 'The figure.' }) input: RecordObservationInput,
  ) {
    return (await recordObservation(ctx, input)).observation;
  }

  @Mutation(() => ID, {
    description:
      'Deletes a figure, based on its current version; returns its id. Needs an admin key, or an editor key for the agency or system it is about.',
  })
  deleteObservation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DeleteObservationInput, { description: 'Which figure.' }) input: DeleteObservationInput,
  ) {
    return deleteObservation(ctx, input);
  }
}
