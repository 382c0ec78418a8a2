// `npm run build`: compiles src/, migrations/ and the tools of scripts/ to dist/ with tsc (tsconfig.build.json keeps
// decorator metadata), then copies what the compiled code reads from disk at run time, so dist/ runs on its own
// beside a production-only node_modules:
//   - src/**/<not .ts>  (the explorer's and GraphiQL's pages, style sheets and browser scripts) -> dist/src/...
//   - seeds/            (the seed files and the documents they quote)           -> dist/seeds/
// The libraries those pages load (Cytoscape, GraphiQL, React) are production dependencies, served from node_modules.
// Plain JavaScript, so it runs before anything is compiled and needs no loader.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

const started = Date.now();
fs.rmSync(dist, { recursive: true, force: true });

const tsc = require.resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write('build failed: tsc reported errors\n');
  process.exit(compiled.status ?? 1);
}

/** Copies every file under `from` that is not TypeScript source. */
function copyAssets(from, to) {
  let count = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) count += copyAssets(source, target);
    else if (!entry.name.endsWith('.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
      count += 1;
    }
  }
  return count;
}

const assets = copyAssets(path.join(root, 'src'), path.join(dist, 'src'));
fs.cpSync(path.join(root, 'seeds'), path.join(dist, 'seeds'), { recursive: true });
// What `npm start` compares the sources with: the time the build began (a file saved during the build is newer).
fs.writeFileSync(path.join(dist, '.built-at'), '');
fs.utimesSync(path.join(dist, '.built-at'), new Date(started), new Date(started));
process.stderr.write(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets} static files of src/, seeds/ copied)\n`);
