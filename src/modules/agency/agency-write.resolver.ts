import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Agency } from './agency.entity.js';
import { CreateAgencyInput, UpdateAgencyInput } from './agency-write.inputs.js';
import { createAgency, updateAgency } from './agency-write.service.js';

@Resolver()
export class AgencyWriteResolver {
  @Mutation(() => Agency, { description: 'Creates an agency. Needs an admin key.' })
  createAgency(@Ctx() ctx: RequestContext, @Arg('input', () => CreateAgencyInput, { description: 'The new agency.' }) input: CreateAgencyInput) {
    return createAgency(ctx, input);
  }

  @Mutation(() => Agency, {
    description: "Changes an agency's names, based on its current version. Needs an admin key, or an editor key whose scope holds the agency.",
  })
  updateAgency(@Ctx() ctx: RequestContext, @Arg('input', () => UpdateAgencyInput, { description: 'The changes.' }) input: UpdateAgencyInput) {
    return updateAgency(ctx, input);
  }
}
