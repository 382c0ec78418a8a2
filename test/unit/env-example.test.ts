import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

/**
 * .env.example and the README's configuration tables stay in step with src/config.ts: every variable loadConfig
 * reads is listed in both, .env.example lists nothing else (but the tools' own variables), and each value it sets
 * is the real default.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
// Read outside loadConfig: the tools' hub address and API key, and the build-info metric's commit (src/ops/build-info.ts).
const TOOL_VARIABLES = ['HUB_URL', 'LIEN_THONG_API_KEY', 'BUILD_COMMIT'];

/** The variables loadConfig reads, seen by handing it an environment that records every name asked for. */
function configVariables(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get: (_target, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(env);
  return [...read].sort();
}

/** `KEY=value` lines (set: the default) and `# KEY=example` lines (left unset), in file order. */
function envExample(): { name: string; value: string; set: boolean }[] {
  const text = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
  return [...text.matchAll(/^(# )?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => ({ name: m[2], value: m[3], set: !m[1] }));
}

describe('.env.example and the README list every setting', () => {
  const variables = configVariables();

  it('loadConfig reads the settings we expect to find (the recording works)', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'MAX_COST', 'TRUST_PROXY']));
    expect(variables.length).toBeGreaterThanOrEqual(20);
  });

  it('every setting appears in .env.example, and nothing else does', () => {
    const listed = envExample().map((entry) => entry.name);
    expect(variables.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => !variables.includes(name) && !TOOL_VARIABLES.includes(name))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('each value .env.example sets is the default (setting it changes nothing)', () => {
    const defaults = loadConfig({});
    for (const entry of envExample().filter((e) => e.set && variables.includes(e.name))) {
      expect(loadConfig({ [entry.name]: entry.value }), `${entry.name}=${entry.value}`).toEqual(defaults);
    }
  });

  it("every setting has a row in one of the README's configuration tables", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const rows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
    expect(variables.filter((name) => !rows.has(name))).toEqual([]);
  });
});
