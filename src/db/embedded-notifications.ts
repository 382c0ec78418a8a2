import type { PGlite } from '@electric-sql/pglite';

export type NotificationHandler = (channel: string, payload: string) => void;

const NOTIFICATION_RESPONSE = 0x41; // 'A'

/**
 * Reads NotificationResponse messages out of one response of the PostgreSQL wire protocol, chunk by chunk (a
 * message may span chunks). Other messages are skipped without being copied.
 */
function notificationScanner(onNotification: NotificationHandler): (chunk: Uint8Array) => void {
  let pending: Buffer = Buffer.alloc(0); // a header, or a notification, not yet complete
  let skip = 0; // bytes left of a message that is not a notification
  return (chunk) => {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (skip >= data.length) {
      skip -= data.length;
      return;
    }
    data = data.subarray(skip);
    skip = 0;
    if (pending.length) {
      data = Buffer.concat([pending, data]);
      pending = Buffer.alloc(0);
    }
    let at = 0;
    while (at < data.length) {
      if (data.length - at < 5) {
        pending = Buffer.from(data.subarray(at));
        return;
      }
      const type = data[at];
      const end = at + 1 + data.readInt32BE(at + 1);
      if (type !== NOTIFICATION_RESPONSE) {
        if (end > data.length) {
          skip = end - data.length;
          return;
        }
      } else {
        if (end > data.length) {
          pending = Buffer.from(data.subarray(at));
          return;
        }
        const body = data.subarray(at + 9, end); // after type, length and the sender's pid
        const channelEnd = body.indexOf(0);
        const channel = body.toString('utf8', 0, channelEnd);
        const payload = body.toString('utf8', channelEnd + 1, body.indexOf(0, channelEnd + 1));
        onNotification(channel, payload);
      }
      at = end;
    }
  };
}

/**
 * pglite-socket runs every socket connection on PGlite's one backend, so a NOTIFY reaches only the connection that
 * committed it: a write by a command-line tool connected through the hub's socket would never reach the hub's
 * LISTEN (its read caches and subscriptions). This wraps the database the socket server uses so that every
 * notification, whichever connection committed it, is also handed to the hub in-process, exactly once.
 */
export function tapNotifications(db: PGlite, onNotification: NotificationHandler): PGlite {
  const execProtocolRawStream: PGlite['execProtocolRawStream'] = (message, options) => {
    const scan = notificationScanner(onNotification);
    return db.execProtocolRawStream(message, {
      ...options,
      onRawData: (data) => {
        scan(data);
        options?.onRawData?.(data);
      },
    });
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'execProtocolRawStream') return execProtocolRawStream;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
