import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { buildInfo } from '../../src/ops/build-info.js';
import { registerLiveUpdateGauges } from '../../src/ops/state-gauges.js';

/** The gauges read from the hub's state at scrape time, on a state this test controls. */

describe('live update gauges', () => {
  it('follow the LISTEN connection and the subscriber count at each scrape', async () => {
    const registry = new client.Registry();
    const live = { listening: false, subscriberCount: 0 };
    let handed: typeof live | null = null;
    registerLiveUpdateGauges(registry, () => handed);
    const scrape = async () => Object.fromEntries((await registry.getMetricsAsJSON()).map((m) => [m.name, m.values[0]?.value]));
    // Before the hub hands its listener in: not connected, nothing open.
    expect(await scrape()).toEqual({ lienthong_subscriptions_open: 0, lienthong_listen_connected: 0 });
    handed = live;
    live.listening = true;
    live.subscriberCount = 3;
    expect(await scrape()).toEqual({ lienthong_subscriptions_open: 3, lienthong_listen_connected: 1 });
    // The connection lost (reconnecting): 0 until it listens again.
    live.listening = false;
    expect((await scrape()).lienthong_listen_connected).toBe(0);
  });
});

describe('buildInfo', () => {
  it('takes the commit from BUILD_COMMIT when set (an image has no .git), the version from package.json', () => {
    expect(buildInfo({ BUILD_COMMIT: 'abc123def456' })).toEqual({ version: '0.1.0', commit: 'abc123def456' });
    expect(buildInfo({}).commit).toMatch(/^[0-9a-f]{12}$/);
  });
});
