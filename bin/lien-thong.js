#!/usr/bin/env node
// `npx lien-thong <command>`: runs the command-line tools and the hub from the build (dist/scripts/cli.js).
import fs from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`lien-thong needs Node.js 24 or later (this is ${process.version}); see README "Running in production"\n`);
  process.exit(1);
}
const cli = new URL('../dist/scripts/cli.js', import.meta.url);
if (!fs.existsSync(cli)) {
  process.stderr.write('lien-thong runs from the build, and dist/ is missing: run `npm run build` first\n');
  process.exit(1);
}
await import(cli.href);
