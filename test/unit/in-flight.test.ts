import { describe, expect, it } from 'vitest';
import { inFlight } from '../../src/server/in-flight.js';

describe('operations in flight (the drain waits for them)', () => {
  it('settles at once when nothing runs, after the last one ends otherwise, and says false at the timeout', async () => {
    const ops = inFlight();
    expect(await ops.settled(0)).toBe(true);
    let finish!: () => void;
    const slow = ops.track(new Promise<void>((resolve) => (finish = resolve)));
    const failing = ops.track(Promise.reject(new Error('resolver failed'))).catch(() => 'caught');
    expect(ops.size).toBe(2);
    expect(await failing).toBe('caught');
    expect(ops.size).toBe(1);
    expect(await ops.settled(20)).toBe(false);
    const settled = ops.settled(5_000);
    finish();
    await slow;
    expect(await settled).toBe(true);
    expect(ops.size).toBe(0);
  });
});
