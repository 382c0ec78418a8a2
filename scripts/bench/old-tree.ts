import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A copy of an older commit's files (`git archive`), sharing this tree's node_modules, with the benchmarks' hub script
 * (rate-limit-server.ts) added: what the before/after benchmarks run as their "old" variant.
 */
export function oldTree(root: string, ref: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-old-'));
  execSync(`git archive ${ref} | tar -x -C ${dir}`, { cwd: root });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.copyFileSync(path.join(import.meta.dirname, 'rate-limit-server.ts'), path.join(dir, 'scripts/bench/rate-limit-server.ts'));
  return dir;
}
