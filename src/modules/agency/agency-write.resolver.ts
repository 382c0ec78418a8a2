import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Agency } from './agency.entity.js';
import { CreateAgencyInput, UpdateAgencyInput } from './agency-write.inputs.js';
import { createAgency, updateAgency } from './agency-write.service.js';
import { inputErrors, MutationPayload, payload } from '../../graphql/payload.js';

const CreateAgencyPayload = MutationPayload('CreateAgency', 'agency', () => Agency, 'The new agency.');
const UpdateAgencyPayload = MutationPayload('UpdateAgency', 'agency', () => Agency, 'The agency as changed.');

@Resolver()
export class AgencyWriteResolver {
  @Mutation(() => CreateAgencyPayload, { description: 'Creates an agency. Needs an admin key.' })
  async createAgency(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateAgencyInput, { description: 'The new agency.' }) input: CreateAgencyInput,
  ) {
    return payload('agency', await inputErrors(() => createAgency(ctx, input)), input);
  }

  @Mutation(() => UpdateAgencyPayload, {
    description: "Changes an agency's names, based on its current version. Needs an admin key, or an editor key whose scope holds the agency.",
  })
  async updateAgency(@Ctx() ctx: RequestContext, @Arg('input', () => UpdateAgencyInput, { description: 'The changes.' }) input: UpdateAgencyInput) {
    return payload('agency', await inputErrors(() => updateAgency(ctx, input)), input);
  }
}
