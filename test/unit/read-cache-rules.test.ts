import { describe, expect, it } from 'vitest';
import { cachedBatch, ReadCache } from '../../src/cache/read-cache.js';

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
