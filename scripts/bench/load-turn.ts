import autocannon from 'autocannon';

/** One measured load of a server: answered req/s, CPU ms per answered request, p99, and failures. */
export interface Turn {
  rps: number;
  cpuMs: number;
  p99: number;
  bad: number;
}

export interface TurnOptions {
  url: string;
  body: string;
  connections: number;
  duration: number;
  warmup: number;
  /** The server process's CPU time (user + system) in microseconds, read over IPC. */
  cpuMicros: () => Promise<number>;
}

/**
 * Warms the server up, then loads it with autocannon for `duration` seconds, reading its CPU time before and after:
 * the measurement the turn-taking benchmarks (turns.ts, restructure.ts) repeat round after round.
 */
export async function loadTurn(o: TurnOptions): Promise<Turn> {
  const load = (seconds: number) =>
    autocannon({
      url: o.url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: o.body,
      connections: o.connections,
      duration: seconds,
      timeout: 10,
    });
  if (o.warmup > 0) await load(o.warmup);
  const before = await o.cpuMicros();
  const result = await load(o.duration);
  const after = await o.cpuMicros();
  const ok = result['2xx'];
  return {
    rps: ok / o.duration,
    cpuMs: (after - before) / 1000 / Math.max(1, ok),
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** The median of `xs`. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
