import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../src/api/examples.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const operations = parse(EXAMPLE_OPERATIONS)
  .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
  .map((d) => d.name!.value);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('example operations', () => {
  it.each(operations)('%s runs without errors and returns data', async (name) => {
    const result = await app.execute(EXAMPLE_OPERATIONS, undefined, name);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data as object).every((v) => v !== null)).toBe(true);
  });
});
