import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../src/api/examples.js';
import { buildAppSchema, printSortedSchema } from '../src/api/schema.js';

describe('schema contract', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema:print` after changing types)', async () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../schema/schema.graphql'), 'utf8');
    expect(printSortedSchema(await buildAppSchema())).toBe(committed);
  });

  it('describes every type, field, argument and enum value', async () => {
    const schema = await buildAppSchema();
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      // Built-in and federation machinery (_Service, _Any, link__*, federation__*) are not ours to describe.
      if (/^(_|link__|federation__)/.test(type.name) || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith('_')) continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      if (isUnionType(type) && !type.description) missing.push(type.name);
    }
    expect(missing).toEqual([]);
  });

  it('validates the example operations shown in Sandbox and the README', async () => {
    expect(validate(await buildAppSchema(), parse(EXAMPLE_OPERATIONS))).toEqual([]);
  });
});

describe('typed client', () => {
  it('is generated from the committed schema (run `npm run codegen` after changing it)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const bin = path.resolve(import.meta.dirname, '../node_modules/.bin/graphql-codegen');
    await expect(
      promisify(execFile)(bin, ['--config', 'codegen.yml', '--check'], { cwd: path.resolve(import.meta.dirname, '..') }),
    ).resolves.toBeDefined();
  });
});
