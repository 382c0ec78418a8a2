import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXCEPTIONS, SCHEMA_RULES } from '../schema-lint.config.js';

/** What @apollo/subgraph adds to the printed schema: linted as Apollo wrote it, not as ours. */
const foreign = (name: string | undefined) => !!name && (name.startsWith('_') || name.startsWith('federation__') || name.startsWith('link__'));

/** schema/schema.graphql without the federation additions (types, root fields, directives and their uses). */
function hubSchema(): string {
  const document = parse(fs.readFileSync(path.resolve(import.meta.dirname, '../schema/schema.graphql'), 'utf8'));
  const definitions = document.definitions
    .filter(
      (d) => d.kind !== Kind.SCHEMA_DEFINITION && d.kind !== Kind.DIRECTIVE_DEFINITION && !foreign((d as { name?: { value: string } }).name?.value),
    )
    .map((d) => {
      const copy = { ...d, directives: [] } as DefinitionNode & { fields?: { name: { value: string } }[] };
      if (copy.kind === Kind.OBJECT_TYPE_DEFINITION && copy.name.value === 'Query')
        return { ...copy, fields: copy.fields!.filter((f) => !foreign(f.name.value)) };
      return copy;
    });
  return print({ ...document, definitions } as typeof document);
}

/** The findings of the configured rules on an SDL text. */
async function lint(sdl: string): Promise<{ lines: string[]; messages: { ruleId: string | null; line: number; message: string }[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-schema-lint-'));
  try {
    const file = path.join(dir, 'hub.graphql');
    fs.writeFileSync(file, sdl);
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.graphql'],
          languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: file } } },
          plugins: { '@graphql-eslint': graphqlPlugin as unknown as ESLint.Plugin },
          rules: SCHEMA_RULES as never,
        },
      ],
    });
    const [result] = await eslint.lintFiles([file]);
    return { lines: sdl.split('\n'), messages: result.messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('schema lint (graphql-eslint schema rules, schema-lint.config.ts)', () => {
  it('finds nothing in the hub’s own types but the exceptions the config explains', async () => {
    const { lines, messages } = await lint(hubSchema());
    const found = new Map<string, number>();
    const unexplained: string[] = [];
    for (const m of messages) {
      const line = lines[m.line - 1]?.trim() ?? '';
      const key = `${m.ruleId} ${line}`;
      found.set(key, (found.get(key) ?? 0) + 1);
      if (!EXCEPTIONS.some((e) => e.rule === m.ruleId && e.line === line)) unexplained.push(`${m.ruleId} at ${m.line} "${line}": ${m.message}`);
    }
    expect(unexplained).toEqual([]);
    // Every exception is still needed, as many times as it says.
    for (const e of EXCEPTIONS) expect(found.get(`${e.rule} ${e.line}`) ?? 0, `${e.rule} ${e.line}`).toBe(e.count);
  }, 60_000);

  it('is not vacuous: a schema breaking the rules gets their findings', async () => {
    const { messages } = await lint(`type Query { bad_name: Thing  things(first: Int): ThingConnection! }
      type Thing { name: String }
      type ThingConnection { nodes: [Thing] }
      type Mutation { doIt(arg: DoInput!): Thing }
      input DoInput { x: Int }`);
    const rules = new Set(messages.map((m) => m.ruleId));
    for (const rule of [
      'require-description',
      'naming-convention',
      'strict-id-in-types',
      'relay-connection-types',
      'relay-arguments',
      'input-name',
    ]) {
      expect(rules, rule).toContain(`@graphql-eslint/${rule}`);
    }
  }, 60_000);
});
