import net from 'node:net';

/** `listen()` found its port taken by another process: main.ts says so and exits 2 (a configuration problem). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use by another process: stop that process, or start the hub on a free port with PORT=<number> (PORT=0 picks one).`,
    );
    this.name = 'PortInUseError';
  }
}

/** Whether `port` can be bound now: main.ts checks before opening the database (the first embedded start seeds for a while). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'EADDRINUSE'));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}
