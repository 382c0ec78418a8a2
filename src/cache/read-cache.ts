import { onPrimary } from '../db/direct-reads.js';

/**
 * Values computed from the database and kept between requests until the data under them changes: hot counts and
 * summaries that cost a statement over thousands of connections each time (BENCHMARKS.md).
 *
 * Correctness rests on four rules:
 * - every committed change to a table the cache depends on clears it: triggers NOTIFY on each change (whoever
 *   makes it), the hub LISTENs (src/cache/data-change-feed.ts), and a mutation of this process also clears
 *   it as soon as it has committed, before its answer is sent;
 * - a value is stored only if no change was announced between the start of the read that produced it and its
 *   storing (`begin()` hands out a generation; `set` refuses an older one), so a read that raced a change
 *   never stays cached;
 * - while the LISTEN connection is down, changes could go unheard: the cache is bypassed, and cleared when it
 *   is back;
 * - values are read from the primary, never from a read replica (which may not have replayed a change yet).
 */
export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private generation = 0;
  hits = 0;
  misses = 0;

  /**
   * @param dependsOn tables whose changes clear the cache
   * @param isLive whether changes are being heard right now
   */
  constructor(
    readonly dependsOn: ReadonlySet<string>,
    private readonly isLive: () => boolean,
    private readonly maxEntries = 100_000,
  ) {}

  /** Call before reading the database; pass the result to `set`. */
  begin(): number {
    return this.generation;
  }

  get<V>(key: string): V | undefined {
    if (!this.isLive()) return undefined;
    const value = this.entries.get(key) as V | undefined;
    if (value === undefined) this.misses++;
    else this.hits++;
    return value;
  }

  set(key: string, value: unknown, generation: number): void {
    if (generation !== this.generation || !this.isLive()) return;
    // The oldest entry goes first (a Map iterates in insertion order).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }

  /** A change to `table` (null: possibly any) was committed. */
  changed(table: string | null): void {
    if (table !== null && !this.dependsOn.has(table)) return;
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Reads through `cache` for a DataLoader batch: keys found are answered from it, the others by one call of `load`,
 * whose answers are stored.
 */
export async function cachedBatch<K, V>(
  cache: ReadCache | null,
  keys: readonly K[],
  cacheKey: (key: K) => string,
  load: (keys: K[]) => Promise<V[]>,
): Promise<V[]> {
  if (!cache) return load([...keys]);
  const found = keys.map((key) => cache.get<V>(cacheKey(key)));
  const missing = keys.filter((_, i) => found[i] === undefined);
  if (!missing.length) return found as V[];
  const generation = cache.begin();
  // Filled from the primary: a replica may not have replayed the change whose NOTIFY just cleared the cache.
  const loaded = await onPrimary(() => load(missing));
  missing.forEach((key, i) => cache.set(cacheKey(key), loaded[i], generation));
  let next = 0;
  return found.map((value) => (value === undefined ? loaded[next++] : value));
}

/** Loads in flight per cache and key, so that concurrent misses (every dashboard after a change) compute once. */
const inFlight = new WeakMap<ReadCache, Map<string, { generation: number; value: Promise<unknown> }>>();

/**
 * One value through `cache` (null: read fresh), computed by `load` on the primary when it is not there; requests
 * missing the same key at the same time share one computation (of the same generation: none that raced a change).
 */
export async function cachedValue<V>(cache: ReadCache | null, key: string, load: () => Promise<V>): Promise<V> {
  const found = cache?.get<V>(key);
  if (found !== undefined) return found;
  if (!cache) return load();
  const generation = cache.begin();
  let loads = inFlight.get(cache);
  if (!loads) inFlight.set(cache, (loads = new Map()));
  const shared = loads.get(key);
  if (shared && shared.generation === generation) return shared.value as Promise<V>;
  const value = onPrimary(load);
  loads.set(key, { generation, value });
  try {
    const loaded = await value;
    cache.set(key, loaded, generation);
    return loaded;
  } finally {
    if (loads.get(key)?.value === value) loads.delete(key);
  }
}
