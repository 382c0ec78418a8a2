import { describe, expect, it } from 'vitest';
import { DataChangeFeed } from '../../src/cache/data-change-feed.js';
import type { StatusChange } from '../../src/modules/connection/connection-status.service.js';
import { matchesWithoutOwner, viaCodeOf } from '../../src/modules/connection/live-status-changes.js';
import { SlowSubscriberError, Subscriber } from '../../src/subscriptions/subscriber-queue.js';

const change = (over: Partial<StatusChange> = {}): StatusChange =>
  ({
    connectionId: 1,
    key: 'A>B@P',
    consumerCode: 'A',
    providerCode: 'B',
    status: 'ACTIVE',
    previousStatus: null,
    statusSince: '2026-01-01',
    ...over,
  }) as StatusChange;

describe('status-change filters', () => {
  it('read the platform from the key, when there is one', () => {
    expect(viaCodeOf(change())).toBe('P');
    expect(viaCodeOf(change({ key: 'A>B' }))).toBeNull();
  });

  it('match every given criterion; systemCode matches either end or the platform', () => {
    expect(matchesWithoutOwner({}, change())).toBe(true);
    for (const systemCode of ['A', 'B', 'P']) expect(matchesWithoutOwner({ systemCode }, change())).toBe(true);
    expect(matchesWithoutOwner({ systemCode: 'Q' }, change())).toBe(false);
    expect(matchesWithoutOwner({ consumerCode: 'A', providerCode: 'C' }, change())).toBe(false);
    expect(matchesWithoutOwner({ statuses: ['PLANNED', 'ACTIVE'] }, change())).toBe(true);
    expect(matchesWithoutOwner({ statuses: [] }, change())).toBe(true);
    expect(matchesWithoutOwner({ statuses: ['PLANNED'] }, change())).toBe(false);
    expect(matchesWithoutOwner({ ownerCode: 'BYT' }, change())).toBe(true);
  });
});

describe('a subscriber queue', () => {
  it('hands queued changes out in order, and a pending next() the change pushed later', async () => {
    const q = new Subscriber({}, 10, () => undefined);
    q.push(change({ connectionId: 1 }));
    q.push(change({ connectionId: 2 }));
    expect((await q.next()).value.connectionId).toBe(1);
    expect((await q.next()).value.connectionId).toBe(2);
    const pending = q.next();
    q.push(change({ connectionId: 3 }));
    expect((await pending).value.connectionId).toBe(3);
  });

  it('return() ends a pending next() at once and tells its owner', async () => {
    const ended: Subscriber[] = [];
    const q = new Subscriber({}, 10, (s) => ended.push(s));
    const pending = q.next();
    await q.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(ended).toEqual([q]);
    q.push(change());
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('a subscriber that falls more than its limit behind is ended with an error, once', async () => {
    const q = new Subscriber({}, 2, () => undefined);
    for (let i = 0; i < 3; i++) q.push(change({ connectionId: i }));
    await expect(q.next()).rejects.toBeInstanceOf(SlowSubscriberError);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});

describe('the data-change feed', () => {
  it('passes each changed table on, and null for a gap in listening', () => {
    const feed = new DataChangeFeed();
    const heard: (string | null)[] = [];
    feed.onChange((table) => heard.push(table));
    feed.heard('connection');
    feed.gap();
    expect(heard).toEqual(['connection', null]);
  });
});
