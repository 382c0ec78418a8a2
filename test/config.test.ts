import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults: port 4000, embedded database in ./data, development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: null, nodeEnv: 'development', introspection: true, seedOnStart: true });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('turns introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('serves GraphiQL in every environment unless GRAPHIQL=false, and names a bad value', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) expect(loadConfig({ NODE_ENV }).graphiql).toBe(true);
    for (const GRAPHIQL of ['false', 'off', '0', 'no']) expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL }).graphiql).toBe(false);
    for (const GRAPHIQL of ['maybe', 'disabled', '2', ' ']) expect(() => loadConfig({ GRAPHIQL })).toThrow(/GRAPHIQL must be true or false/);
  });

  it('lists every problem at once with what to do', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x@y/z', NODE_ENV: 'staging', SEED_ON_START: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(problems.join('\n')).toMatch(/NODE_ENV must be one of development, production, test/);
    expect(problems.join('\n')).toMatch(/SEED_ON_START must be true or false/);
  });

  it('refuses a database URL without a database name', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost:5432' })).toThrow(/must name a database/);
  });
});
