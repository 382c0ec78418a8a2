import { describe, expect, it } from 'vitest';
import { cachedBatch, cachedValue, ReadCache } from '../../src/cache/read-cache.js';

const cacheOn = (tables: string[], live = { now: true }, max?: number) => new ReadCache(new Set(tables), () => live.now, max);

describe('read-cache rules', () => {
  it('stores and answers while live; a change to a table it depends on clears it', () => {
    const cache = cacheOn(['connection']);
    cache.set('a', 1, cache.begin());
    expect(cache.get('a')).toBe(1);
    cache.changed('agency');
    expect(cache.get('a')).toBe(1);
    cache.changed('connection');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('null means anything may have changed: it clears every cache', () => {
    const cache = cacheOn(['connection']);
    cache.set('a', 1, cache.begin());
    cache.changed(null);
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses a value read before a change was announced (the read raced the change)', () => {
    const cache = cacheOn(['connection']);
    const generation = cache.begin();
    cache.changed('connection');
    cache.set('a', 'stale', generation);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'fresh', cache.begin());
    expect(cache.get('a')).toBe('fresh');
  });

  it('while not listening, neither answers nor stores', () => {
    const live = { now: true };
    const cache = cacheOn(['connection'], live);
    cache.set('a', 1, cache.begin());
    live.now = false;
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 2, cache.begin());
    live.now = true;
    expect(cache.get('b')).toBeUndefined();
  });

  it('drops the oldest entry when full, and counts hits and misses', () => {
    const cache = cacheOn(['t'], { now: true }, 2);
    for (const key of ['a', 'b', 'c']) cache.set(key, key, cache.begin());
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('c');
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });
});

describe('cachedBatch', () => {
  it('loads only the missing keys, once, in order, and answers in key order', async () => {
    const cache = cacheOn(['t']);
    cache.set('k2', 'cached 2', cache.begin());
    const calls: number[][] = [];
    const answer = await cachedBatch(
      cache,
      [1, 2, 3],
      (k) => `k${k}`,
      async (keys) => {
        calls.push(keys);
        return keys.map((k) => `loaded ${k}`);
      },
    );
    expect(answer).toEqual(['loaded 1', 'cached 2', 'loaded 3']);
    expect(calls).toEqual([[1, 3]]);
    expect(cache.get('k3')).toBe('loaded 3');
  });

  it('does not store what was loaded across a change, and reads fresh without a cache', async () => {
    const cache = cacheOn(['t']);
    await cachedBatch(
      cache,
      [1],
      (k) => `k${k}`,
      async (keys) => {
        cache.changed('t');
        return keys.map(() => 'raced');
      },
    );
    expect(cache.get('k1')).toBeUndefined();
    expect(await cachedBatch(null, [4], String, async (keys) => keys.map((k) => k * 2))).toEqual([8]);
  });
});

describe('cachedValue', () => {
  it('computes once for misses at the same time, stores it, and never shares a computation across a change', async () => {
    const cache = cacheOn(['connection']);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return { n: loads };
    };
    const together = [cachedValue(cache, 'k', load), cachedValue(cache, 'k', load), cachedValue(cache, 'k', load)];
    release();
    const answers = await Promise.all(together);
    expect(loads).toBe(1);
    expect(answers).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(await cachedValue(cache, 'k', load)).toEqual({ n: 1 });
    expect(loads).toBe(1);

    // A computation that began before a change is neither shared with later requests nor stored.
    cache.changed('connection');
    let releaseOld!: () => void;
    const oldGate = new Promise<void>((resolve) => (releaseOld = resolve));
    const old = cachedValue(cache, 'j', async () => {
      await oldGate;
      return 'old';
    });
    cache.changed('connection');
    const fresh = cachedValue(cache, 'j', async () => 'new');
    releaseOld();
    expect(await old).toBe('old');
    expect(await fresh).toBe('new');
    expect(await cachedValue(cache, 'j', async () => 'again')).toBe('new');
  });

  it('reads fresh every time without a cache', async () => {
    let loads = 0;
    await cachedValue(null, 'k', async () => ++loads);
    await cachedValue(null, 'k', async () => ++loads);
    expect(loads).toBe(2);
  });
});
