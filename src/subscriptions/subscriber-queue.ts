import type { StatusChange } from '../modules/connection/connection-status.service.js';
import type { StatusChangeFilter } from '../modules/connection/live-status-changes.js';

export class SlowSubscriberError extends Error {
  constructor(limit: number) {
    super(`More than ${limit} live updates were waiting for this subscriber, so its subscription was ended; subscribe again.`);
  }
}

/** One subscriber's queue of changes: a hand-written iterator so `return()` ends a pending `next()` at once. */
export class Subscriber implements AsyncIterableIterator<StatusChange> {
  private readonly queue: StatusChange[] = [];
  private readonly waiting: { resolve: (result: IteratorResult<StatusChange>) => void; reject: (error: Error) => void }[] = [];
  private done = false;
  private failure: Error | null = null;

  constructor(
    readonly filter: StatusChangeFilter,
    private readonly maxQueued: number,
    private readonly onEnd: (s: Subscriber) => void,
  ) {}

  push(change: StatusChange): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve({ value: change, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.fail(new SlowSubscriberError(this.maxQueued));
      return;
    }
    this.queue.push(change);
  }

  /** Ends the subscription; pending and later `next()` calls resolve as done. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    this.onEnd(this);
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.end();
  }

  next(): Promise<IteratorResult<StatusChange>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<StatusChange>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<StatusChange>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StatusChange> {
    return this;
  }
}
