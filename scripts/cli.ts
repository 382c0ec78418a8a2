import { fileURLToPath } from 'node:url';

/**
 * `lien-thong <command> [options]` (package.json `bin`, bin/lien-thong.js): the hub and its tools from the build
 * (dist/), without npm in between, so stdout carries the tool's output only (`lien-thong status > out.csv`).
 * Each command is the module its npm script runs; it sees its own options in process.argv as under npm.
 */
interface Command {
  summary: string;
  /** The module, relative to this file (the same layout in scripts/ and dist/scripts/). */
  module: string;
  load: () => Promise<unknown>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'start the hub (same as `npm run start:prod`; configured by the environment)',
    module: '../src/main.js',
    load: () => import('../src/main.js'),
  },
  status: {
    summary: 'integration status from a running hub as CSV or JSON (--help for options)',
    module: '../src/client/status.js',
    load: () => import('../src/client/status.js'),
  },
  keys: {
    summary: 'API keys: create --name N --role reader|editor|admin [--agency CODE], revoke ID, list',
    module: './keys.js',
    load: () => import('./keys.js'),
  },
  import: {
    summary: 'import a JSON or CSV file of changes in one transaction (<file> [--dry-run] [--json])',
    module: './import.js',
    load: () => import('./import.js'),
  },
  seed: { summary: 'validate (--check) or load the seed files into the configured database', module: './seed.js', load: () => import('./seed.js') },
  snapshot: {
    summary: 'prepare the embedded database a new DATA_DIR starts from, in EMBEDDED_SNAPSHOT_DIR (--if-stale)',
    module: './snapshot.js',
    load: () => import('./snapshot.js'),
  },
  generate: {
    summary: 'fill a database with the synthetic national-scale benchmark data (--scale N --database-url URL)',
    module: './generate.js',
    load: () => import('./generate.js'),
  },
};
const ALIASES: Record<string, string> = { start: 'serve' };

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: lien-thong <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(width)}  this list`,
    '',
    '`start` is another name for `serve`. Settings come from the environment (README "Configuration", .env.example):',
    'DATABASE_URL or the embedded database in DATA_DIR; the tools work beside a running hub on the same DATA_DIR.',
    '',
  ].join('\n');
}

const [name, ...rest] = process.argv.slice(2);
if (!name || ['help', '--help', '-h'].includes(name)) {
  process.stdout.write(help());
  process.exit(0);
}
const command = COMMANDS[ALIASES[name] ?? name];
if (!command) {
  process.stderr.write(`lien-thong: unknown command "${name}"\n\n${help()}`);
  process.exit(2);
}
// The tools read their options with parseArgs() (process.argv from index 2) and some check argv[1] to know they run.
process.argv = [process.argv[0], fileURLToPath(new URL(command.module, import.meta.url)), ...rest];
await command.load();
