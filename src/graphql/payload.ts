import { Field, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError, InvalidInputError } from '../errors.js';

/** Every mutation input's `clientMutationId` (Relay): any string of the client's, returned as is in the payload. */
export const CLIENT_MUTATION_ID = {
  nullable: true,
  description: "Any string of the client's (e.g. to match answers to requests); the payload returns it as is.",
} as const;

/**
 * The `<Name>Payload` type of a mutation: what it changed, under `field`, and the input's `clientMutationId`.
 * (`value` is what the service returns; a field resolver is not needed.)
 */
export function MutationPayload<T extends object>(name: string, field: string, type: () => ClassType<T> | object, what: string) {
  @ObjectType(`${name}Payload`, { description: `What ${name.charAt(0).toLowerCase()}${name.slice(1)} changed.` })
  class Payload {
    @Field(() => String, CLIENT_MUTATION_ID)
    clientMutationId!: string | null;
  }
  Field(type, { description: what })(Payload.prototype, field);
  return Payload;
}

/** The payload of a mutation: its value under `field` and the input's `clientMutationId`. */
export function payload<K extends string, V>(
  field: K,
  value: V,
  input: { clientMutationId?: string | null },
): Record<K, V> & { clientMutationId: string | null } {
  return { [field]: value, clientMutationId: input.clientMutationId ?? null } as Record<K, V> & { clientMutationId: string | null };
}

const inInput = (field: string) => (field.startsWith('input.') || field === 'input' ? field : `input.${field}`);

/**
 * Runs a mutation's work so its field errors point into its `input` argument (`date` -> `input.date`): the services
 * name the fields of the input they check, which the import also uses for its rows' columns.
 */
export async function inputErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(error.fields.map((f) => ({ ...f, field: inInput(f.field) })));
    if (error instanceof BadUserInputError && typeof error.extensions.field === 'string') {
      throw new BadUserInputError(error.message, inInput(error.extensions.field));
    }
    throw error;
  }
}
