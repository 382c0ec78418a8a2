/** `listen()` found its port taken by another process: main.ts says so and exits 2 (a configuration problem). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use by another process: stop that process, or start the hub on a free port with PORT=<number> (PORT=0 picks one).`);
    this.name = 'PortInUseError';
  }
}
