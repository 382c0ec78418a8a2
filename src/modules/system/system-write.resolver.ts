import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { InformationSystem } from './information-system.entity.js';
import { CreateInformationSystemInput, UpdateInformationSystemInput } from './system-write.inputs.js';
import { createInformationSystem, updateInformationSystem } from './system-write.service.js';
import { inputErrors, MutationPayload, payload } from '../../graphql/payload.js';

const CreateInformationSystemPayload = MutationPayload('CreateInformationSystem', 'informationSystem', () => InformationSystem, 'The new system.');
const UpdateInformationSystemPayload = MutationPayload(
  'UpdateInformationSystem',
  'informationSystem',
  () => InformationSystem,
  'The system as changed.',
);

@Resolver()
export class SystemWriteResolver {
  @Mutation(() => CreateInformationSystemPayload, {
    description: 'Creates an information system. Needs an admin key, or an editor key for the owning agency.',
  })
  async createInformationSystem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateInformationSystemInput, { description: 'The new system.' }) input: CreateInformationSystemInput,
  ) {
    return payload('informationSystem', await inputErrors(() => createInformationSystem(ctx, input)), input);
  }

  @Mutation(() => UpdateInformationSystemPayload, {
    description: 'Changes an information system, based on its current `version`. Needs an admin key, or an editor key for the owning agency.',
  })
  async updateInformationSystem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateInformationSystemInput, { description: 'The changes.' }) input: UpdateInformationSystemInput,
  ) {
    return payload('informationSystem', (await inputErrors(() => updateInformationSystem(ctx, input))).system, input);
  }
}
