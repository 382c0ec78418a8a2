import net from 'node:net';
import type { TcpProxy } from './tcp-proxy.js';

/**
 * Where `cutAt` drops the database, on the first transaction a client runs after it is armed:
 * - `in-transaction`: the first statement after BEGIN is dropped (COMMIT is never sent: nothing can be saved);
 * - `commit-dropped`: the client's COMMIT is dropped (sent by the client, never seen by the server);
 * - `commit-unanswered`: COMMIT reaches the server (which commits), its answer never reaches the client;
 * - `after-commit`: the server's answer to COMMIT (up to ReadyForQuery) reaches the client, then everything is cut.
 * In every case the proxy then refuses connections, as `cut()` does, until `restore()`.
 */
export type CutPoint = 'in-transaction' | 'commit-dropped' | 'commit-unanswered' | 'after-commit';

export interface PgWireProxy extends TcpProxy {
  /** Arms one cut; resolves once it has happened and the server has finished with the cut connection. */
  cutAt(point: CutPoint): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Reads a PostgreSQL protocol stream message by message: the startup message has no type byte (int32 length,
 * then contents), every later one is a type byte, an int32 length counting itself, then contents.
 */
class MessageReader {
  private buffer = Buffer.alloc(0);
  constructor(private untyped: number) {}

  /** The next startup message is again untyped (after the server refused SSL or GSS encryption). */
  expectUntyped(): void {
    this.untyped++;
  }

  push(chunk: Buffer): Buffer[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      const typed = this.untyped === 0;
      const header = typed ? 5 : 4;
      if (this.buffer.length < header) break;
      const length = this.buffer.readInt32BE(typed ? 1 : 0) + (typed ? 1 : 0);
      if (this.buffer.length < length) break;
      messages.push(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
      if (!typed) this.untyped--;
    }
    return messages;
  }
}

/** The SQL text of a simple query ('Q') or a parse ('P': statement name, then text), lower case. */
function statementText(message: Buffer): string | null {
  const type = String.fromCharCode(message[0]);
  if (type === 'Q') return message.subarray(5, message.indexOf(0, 5)).toString('utf8').trim().toLowerCase();
  if (type === 'P') {
    const nameEnd = message.indexOf(0, 5);
    return message
      .subarray(nameEnd + 1, message.indexOf(0, nameEnd + 1))
      .toString('utf8')
      .trim()
      .toLowerCase();
  }
  return null;
}

const isBegin = (sql: string | null) => !!sql && /^(begin|start transaction)\b/.test(sql);
const isCommit = (sql: string | null) => !!sql && /^(commit|end)\b/.test(sql);

/** Like `startTcpProxy`, and it understands enough of the wire protocol to cut at a chosen point of a transaction. */
export async function startPgWireProxy(target: { host: string; port: number }): Promise<PgWireProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  let armed: { point: CutPoint; done: () => void } | null = null;

  const cut = async (spare: net.Socket[] = []) => {
    const s = server;
    server = null;
    const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
    for (const socket of sockets) if (!spare.includes(socket)) socket.destroy();
    sockets.clear();
    await closed;
  };

  const handle = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.on('close', () => {
      sockets.delete(client);
      if (!upstream.writableEnded) upstream.destroy();
    });
    // A side that was ended on purpose (its last bytes still going out) is left to close by itself.
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (!client.writableEnded) client.destroy();
    });

    const fromClient = new MessageReader(1);
    const fromServer = new MessageReader(0);
    let inTransaction = false;
    let commitSent = false;
    let trigger: { point: CutPoint; done: () => void } | null = null;

    client.on('data', (chunk) => {
      for (const message of fromClient.push(chunk)) {
        if (message.length === 8 && [SSL_REQUEST, GSSENC_REQUEST].includes(message.readInt32BE(4))) {
          // The server answers with one byte, then the client sends its startup message again.
          fromClient.expectUntyped();
          fromServer.expectUntyped();
        }
        const sql = message.length > 4 ? statementText(message) : null;
        if (trigger && inTransaction && !commitSent) {
          if (trigger.point === 'in-transaction' || (trigger.point === 'commit-dropped' && isCommit(sql))) {
            const { done } = trigger;
            void cut().then(done);
            return;
          }
          if (isCommit(sql)) {
            commitSent = true;
            upstream.write(message);
            if (trigger.point === 'commit-unanswered') {
              // The server gets COMMIT and then the end of the stream: it commits, then its answer goes nowhere.
              const { done } = trigger;
              const finished = new Promise<void>((resolve) => upstream.once('close', () => resolve()));
              upstream.end();
              void Promise.all([cut([upstream]), finished]).then(done);
              return;
            }
            continue;
          }
        }
        if (!inTransaction && isBegin(sql) && armed) {
          trigger = armed;
          armed = null;
        }
        if (isBegin(sql)) inTransaction = true;
        upstream.write(message);
      }
    });

    upstream.on('data', (chunk) => {
      for (const message of fromServer.push(chunk)) {
        client.write(message);
        if (message[0] !== 0x5a /* 'Z' ReadyForQuery */) continue;
        if (commitSent && trigger?.point === 'after-commit') {
          const { done } = trigger;
          trigger = null;
          // Everything up to ReadyForQuery is delivered before the connection ends.
          client.end();
          void cut([client]).then(done);
          return;
        }
        // 'Z' carries the transaction status: 'I' idle (outside a transaction), 'T' in one, 'E' failed.
        inTransaction = String.fromCharCode(message[5]) !== 'I';
        if (!inTransaction && trigger && !commitSent) {
          // The armed transaction ended without COMMIT (rolled back): wait for the next one.
          armed = trigger;
          trigger = null;
        }
      }
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(handle);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    cut: () => cut(),
    restore: listen,
    close: () => cut(),
    cutAt: (point) =>
      new Promise<void>((resolve) => {
        armed = { point, done: resolve };
      }),
  };
}
