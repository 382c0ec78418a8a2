import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { InvalidInputError } from '../errors.js';
import { findTextProblems, hasHostileCharacter, MAX_TEXT_LENGTH, type TextProblem } from '../text/text-problems.js';

/** Input fields that carry whole files (with their own limit): `<Type>.<field>.<argument>` -> the input field. */
const LONG_TEXT_FIELDS = new Map([['Mutation.importData.input', 'content']]);

/**
 * Whether a string literal of the document holds a hostile character or a long text, remembered per document: Apollo
 * hands every request with the same text the same parsed document, so the walk runs once per text, not per request.
 */
const hostileLiterals = new WeakMap<DocumentNode, boolean>();

function literalsMayBeHostile(document: DocumentNode): boolean {
  let found = hostileLiterals.get(document);
  if (found !== undefined) return found;
  found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.length > MAX_TEXT_LENGTH || hasHostileCharacter(node.value)) found = true;
    },
  });
  hostileLiterals.set(document, found);
  return found;
}

/** Cheap first look: does any string literal of the document, or any variable, hold a hostile character or a long text? */
function mayHoldHostileText(document: DocumentNode, variables: unknown): boolean {
  return findTextProblems(variables, '', [], MAX_TEXT_LENGTH).length > 0 || literalsMayBeHostile(document);
}

/** The problems of every argument of every field the operation selects, its variables coerced as execution will. */
function argumentProblems(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  // Variables that fail coercion are answered by graphql-js itself, before any resolver runs.
  if (!coerced.coerced) return [];
  const values = coerced.coerced;
  const problems: { field: string; message: string }[] = [];
  const found: TextProblem[] = [];
  const typeInfo = new TypeInfo(schema);
  const reachable = new Set([operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)]);
  for (const definition of reachable) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const field = typeInfo.getFieldDef();
          if (!field || !node.arguments?.length) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(field, node, values);
          } catch {
            return; // graphql-js reports invalid arguments when it executes the field
          }
          const parent = typeInfo.getParentType()?.name;
          for (const [name, value] of Object.entries(args)) {
            const long = LONG_TEXT_FIELDS.get(`${parent}.${field.name}.${name}`);
            if (long && value && typeof value === 'object') {
              const { [long]: text, ...rest } = value as Record<string, unknown>;
              findTextProblems(text, `${name}.${long}`, found, Infinity);
              findTextProblems(rest, name, found, MAX_TEXT_LENGTH);
            } else findTextProblems(value, name, found, MAX_TEXT_LENGTH);
          }
          for (const { field: path, problem } of found.splice(0)) {
            problems.push({ field: path, message: `"${path}" (argument of ${field.name}) ${problem.replace(/\.$/, '')}; nothing was changed.` });
          }
        },
      }),
    );
  }
  return problems;
}

/**
 * Refuses, before anything runs, an operation whose arguments or input fields hold text no stored value may hold
 * (see HOSTILE_CHARACTER), or text longer than MAX_TEXT_LENGTH: BAD_USER_INPUT, HTTP 400, `extensions.field` naming the argument path
 * ("input.evidence.quote") and `extensions.fields` every one found. Nothing was read or changed.
 */
export const inputGuardPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation || !mayHoldHostileText(document, request.variables)) return;
        const problems = argumentProblems(schema, document, operation, request.variables ?? {});
        if (!problems.length) return;
        const error = new InvalidInputError(problems);
        (error.extensions as Record<string, unknown>).http = { status: 400, headers: new HeaderMap() };
        throw error;
      },
    };
  },
};
