// `npm start`: the hub from the build (dist/, compiled by `npm run build`, which npm install runs) when the build is
// at least as new as every source file it was made from; otherwise from the TypeScript sources through @swc-node,
// so an edited file is never served stale. The compiled start skips transpiling ~250 files on every start (about
// 10 s of a first start on this machine). One process either way: signals reach the hub itself.
// Plain JavaScript, so it runs before anything is compiled.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.built-at');
const SOURCES = ['src', 'migrations', 'seeds', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time under `target` (a file or a folder), 0 when it is missing. */
function newest(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newest(path.join(root, s))));
if (builtAt && sourcesAt <= builtAt) {
  await import(pathToFileURL(path.join(root, 'dist', 'src', 'main.js')).href);
} else {
  process.stderr.write(
    builtAt
      ? 'lien-thong: sources changed since the last build: starting from the TypeScript sources (npm run build makes starts faster)\n'
      : 'lien-thong: no build yet: starting from the TypeScript sources (npm run build makes starts faster)\n',
  );
  await import('@swc-node/register/esm-register');
  await import(pathToFileURL(path.join(root, 'src', 'main.ts')).href);
}
