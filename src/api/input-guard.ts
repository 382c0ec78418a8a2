import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import {
  getArgumentValues, getVariableValues, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { InvalidInputError } from '../errors.js';

/**
 * Characters no text the hub stores may hold: NUL (PostgreSQL text cannot), the other C0 control characters except
 * tab, LF and CR (no real name, quote or code contains them), and lone UTF-16 surrogates (not characters at all: the
 * driver would silently store U+FFFD instead).
 */
const HOSTILE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text, said so a person can fix it; null when it is fine. */
export function textProblem(value: string): string | null {
  const match = HOSTILE_CHARACTER.exec(value);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const what = code === 0 ? 'a NUL character (U+0000), which PostgreSQL text cannot hold'
    : code < 0x20 ? `a control character (${hex(code)}); only tab, line feed and carriage return are accepted`
      : `a lone UTF-16 surrogate (${hex(code)}), which is not a character (text cut in the middle of an emoji or similar)`;
  return `contains ${what}, at position ${match.index}. Remove it and send the text again.`;
}

export interface TextProblem {
  /** Where the text is: "input.evidence.quote", "filter.kinds[1]". */
  field: string;
  /** What is wrong, from textProblem(). */
  problem: string;
}

/**
 * Longest text an argument may carry: far above any name, quote, note or description (notes stop at 4,000), far below
 * what would make every search or write slow. `importData(content)` carries whole files and has its own limit.
 */
export const MAX_TEXT_LENGTH = 10_000;
const LONG_TEXT_ARGUMENTS = new Set(['Mutation.importData.content']);

/** Every string in `value` (nested objects and lists included) with a problem, named by its path under `path`. */
export function findTextProblems(value: unknown, path: string, found: TextProblem[] = [], maxLength = Infinity): TextProblem[] {
  if (typeof value === 'string') {
    const problem = value.length > maxLength
      ? `is ${value.length.toLocaleString('en')} characters long; at most ${maxLength.toLocaleString('en')} are accepted. Shorten it.`
      : textProblem(value);
    if (problem) found.push({ field: path, problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findTextProblems(item, `${path}[${i}]`, found, maxLength));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) findTextProblems(item, path ? `${path}.${key}` : key, found, maxLength);
  }
  return found;
}

/** Cheap first look: does any string literal of the document, or any variable, hold a hostile character or a long text? */
function mayHoldHostileText(document: DocumentNode, variables: unknown): boolean {
  if (findTextProblems(variables, '', [], MAX_TEXT_LENGTH).length) return true;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.length > MAX_TEXT_LENGTH || HOSTILE_CHARACTER.test(node.value)) found = true;
    },
  });
  return found;
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
    visit(definition, visitWithTypeInfo(typeInfo, {
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
          const maxLength = LONG_TEXT_ARGUMENTS.has(`${parent}.${field.name}.${name}`) ? Infinity : MAX_TEXT_LENGTH;
          findTextProblems(value, name, found, maxLength);
        }
        for (const { field: path, problem } of found.splice(0)) {
          problems.push({ field: path, message: `"${path}" (argument of ${field.name}) ${problem.replace(/\.$/, '')}; nothing was changed.` });
        }
      },
    }));
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
