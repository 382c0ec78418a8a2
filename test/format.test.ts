import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const prettier = path.join(root, 'node_modules', '.bin', 'prettier');

describe('formatting', () => {
  it('the whole tree follows the formatter config (.prettierrc.json; `npm run format` rewrites it)', async () => {
    // --list-different prints each file that differs and exits 1; its output is the assertion's subject.
    const differing = await promisify(execFile)(prettier, ['--list-different', '.'], { cwd: root, maxBuffer: 16 * 1024 * 1024 }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; code?: number }) => (error.code === 1 ? (error.stdout ?? '') : Promise.reject(error)),
    );
    expect(differing.split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);
});
