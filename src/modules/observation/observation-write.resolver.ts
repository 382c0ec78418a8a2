import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Observation } from './observation.entity.js';
import { DeleteObservationInput, RecordObservationInput } from './observation-write.inputs.js';
import { deleteObservation, recordObservation } from './observation-write.service.js';
import { inputErrors, MutationPayload, payload } from '../../graphql/payload.js';

const RecordObservationPayload = MutationPayload('RecordObservation', 'observation', () => Observation, 'The figure as recorded.');
const DeleteObservationPayload = MutationPayload('DeleteObservation', 'deletedObservationId', () => ID, 'The global id the deleted figure had.');

@Resolver()
export class ObservationWriteResolver {
  @Mutation(() => RecordObservationPayload, {
    description:
      'Records a reported figure with its evidence, or corrects the figure with the same key. Needs an admin key, or an editor key for the agency or system the figure is about.',
  })
  async recordObservation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordObservationInput, { description: 'The figure.' }) input: RecordObservationInput,
  ) {
    return payload('observation', (await inputErrors(() => recordObservation(ctx, input))).observation, input);
  }

  @Mutation(() => DeleteObservationPayload, {
    description:
      'Deletes a figure, based on its current version; returns the id it had. Needs an admin key, or an editor key for the agency or system it is about.',
  })
  async deleteObservation(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DeleteObservationInput, { description: 'Which figure.' }) input: DeleteObservationInput,
  ) {
    return payload('deletedObservationId', await inputErrors(() => deleteObservation(ctx, input)), input);
  }
}
