import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { InformationSystem } from './information-system.entity.js';
import { CreateInformationSystemInput, UpdateInformationSystemInput } from './system-write.inputs.js';
import { createInformationSystem, updateInformationSystem } from './system-write.service.js';

@Resolver()
export class SystemWriteResolver {
  @Mutation(() => InformationSystem, { description: 'Creates an information system. Needs an admin key, or an editor key for the owning agency.' })
  createInformationSystem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateInformationSystemInput, { description: 'The new system.' }) input: CreateInformationSystemInput,
  ) {
    return createInformationSystem(ctx, input);
  }

  @Mutation(() => InformationSystem, {
    description: 'Changes an information system, based on its current `version`. Needs an admin key, or an editor key for the owning agency.',
  })
  async updateInformationSystem(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateInformationSystemInput, { description: 'The changes.' }) input: UpdateInformationSystemInput,
  ) {
    return (await updateInformationSystem(ctx, input)).system;
  }
}
