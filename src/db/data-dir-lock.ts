import fs from 'node:fs';
import path from 'node:path';

/**
 * The lock of an embedded data folder: PGlite must be opened by one process at a time (a second one corrupts the
 * folder: `Aborted()` on the next start). The process that opens the folder writes DATA_DIR/hub.lock naming itself
 * and the unix socket it serves the database on; other processes (the command-line tools) connect through that
 * socket instead of opening the folder, and a second hub refuses to start.
 */
export interface DataDirLock {
  pid: number;
  /** The process's start time from /proc (Linux), so a pid reused after a crash is not taken for the owner. */
  processStart: string | null;
  /** What holds it, for the messages: "the hub", "npm run keys", ... */
  holder: string;
  /** The pglite-socket server's unix socket path. */
  socket: string;
  since: string;
}

export const LOCK_FILE = 'hub.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lock: DataDirLock,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in ${lock.holder} (process ${lock.pid}, since ${lock.since}). ` +
        'Only one hub can run on a data folder: stop that process first (Ctrl-C in its terminal, or `kill ' +
        `${lock.pid}\`), or give this one another folder with DATA_DIR=<path>. The command-line tools (npm run keys, npm run import, ` +
        'npm run seed) need no second hub: they work through the running one.',
    );
    this.name = 'DataDirInUseError';
  }
}

function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the parenthesised command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Locks this process holds (a pid equal to ours in a lock we do not hold is a reused pid: a container restart). */
const held = new Set<string>();

function isLive(file: string, lock: DataDirLock): boolean {
  if (lock.pid === process.pid) return held.has(file);
  try {
    process.kill(lock.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStart(lock.pid);
  return !(lock.processStart && start && start !== lock.processStart);
}

function read(file: string): { raw: string; lock: DataDirLock | null } | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const lock = JSON.parse(raw) as DataDirLock;
    return { raw, lock: Number.isInteger(lock.pid) && typeof lock.socket === 'string' ? lock : null };
  } catch {
    return { raw, lock: null };
  }
}

/** The live lock of `dataDir`, or null when no live process holds it. */
export function liveLock(dataDir: string): DataDirLock | null {
  const file = path.join(dataDir, LOCK_FILE);
  const found = read(file);
  return found?.lock && isLive(file, found.lock) ? found.lock : null;
}

/**
 * Takes the lock of `dataDir` for this process, taking over a stale one (its process is gone); throws
 * DataDirInUseError when a live process holds it. Returns the release function.
 */
export function acquireDataDirLock(dataDir: string, holder: string, socket: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: DataDirLock = { pid: process.pid, processStart: processStart(process.pid), holder, socket, since: new Date().toISOString() };
  const content = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written aside, then linked into place: the link fails if a lock exists, and a reader never sees a half-written one.
    const draft = `${file}.${process.pid}.${attempt}`;
    fs.writeFileSync(draft, content);
    try {
      fs.linkSync(draft, file);
      held.add(file);
      return () => {
        held.delete(file);
        if (read(file)?.raw === content) fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
    const found = read(file);
    if (found?.lock && isLive(file, found.lock)) throw new DataDirInUseError(dataDir, found.lock);
    // Stale (or unreadable): remove it, unless another process replaced it meanwhile.
    if (found && read(file)?.raw === found.raw) fs.rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}: other processes keep taking it.`);
}
