import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface BuildInfo {
  version: string;
  commit: string;
}

/** The folder of the hub's package.json, looked for upwards from here (the sources and a compiled build alike). */
function packageRoot(): string | null {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === 'lien-thong') return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

function gitCommit(root: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * What is running: the version of package.json, and the commit: BUILD_COMMIT when the build sets it (an image has
 * no .git), else `git rev-parse` of the checkout, else "unknown". Read once, at start.
 */
export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  if (env === process.env && current) return current;
  const root = packageRoot();
  const version = root ? String(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) : 'unknown';
  const commit = env.BUILD_COMMIT?.trim() || (root && gitCommit(root)) || 'unknown';
  const info = { version, commit };
  if (env === process.env) current = info;
  return info;
}

let current: BuildInfo | null = null;
