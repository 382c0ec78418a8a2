import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openToolHub } from '../src/hub.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../src/modules/auth/auth.service.js';

const USAGE = `Usage:
  npm run keys -- create --name NAME --role reader|editor|admin [--agency CODE ...]
  npm run keys -- revoke ID
  npm run keys -- list
Keys are stored hashed; the plain key is printed once, on creation. Uses DATABASE_URL, or the embedded database in DATA_DIR
(through the running hub when one has it open: the hub accepts a new key at once).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    role: { type: 'string' },
    agency: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
  },
});
const [command, arg] = positionals;

/** The database, or a message that says what to do (e.g. another process holds DATA_DIR and does not answer). */
async function openDatabase() {
  try {
    return await openToolHub(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }), 'keys');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
if (!['create', 'revoke', 'list'].includes(command)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const database = await openDatabase();
try {
  const em = database.orm.em.fork();
  if (command === 'create') {
    const created = await createApiKey(em, { name: values.name ?? '', role: values.role ?? '', agencyCodes: values.agency ?? [] });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(created)}\n`
        : `created key ${created.id}: ${created.key}\n(store it now: it is not kept and cannot be shown again)\n`,
    );
  } else if (command === 'revoke') {
    const id = Number(arg);
    if (!Number.isInteger(id)) throw new Error('revoke needs the numeric key id (see `npm run keys -- list`)');
    process.stdout.write((await revokeApiKey(em, id)) ? `revoked key ${id}\n` : `no active key ${id}\n`);
  } else {
    for (const k of await listApiKeys(em)) process.stdout.write(`${JSON.stringify(k)}\n`);
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exitCode = 2;
} finally {
  await database.stop();
}
