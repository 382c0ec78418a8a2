/**
 * The GraphQL operations still running, whether or not their client is still there. A client that gives up (a
 * closed socket, a 504 REQUEST_TIMEOUT answer) leaves its resolvers running; the drain on shutdown waits for
 * connections, so without this the database could close under them.
 */
export interface InFlight {
  /** Counts `work` until it settles; returns it. */
  track<T>(work: T | Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves true once nothing runs, false if something still does after `timeoutMs`. */
  settled(timeoutMs: number): Promise<boolean>;
}

export function inFlight(): InFlight {
  let size = 0;
  const waiting: (() => void)[] = [];
  return {
    get size() {
      return size;
    },
    track(work) {
      size++;
      return Promise.resolve(work).finally(() => {
        if (--size === 0) waiting.splice(0).forEach((wake) => wake());
      });
    },
    settled(timeoutMs) {
      if (size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiting.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
