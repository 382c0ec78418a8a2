/**
 * What keeps the read caches right across processes (src/cache/read-cache.ts): every data-change notification names
 * the table its trigger fired on, and a gap in listening (stopped, lost, resumed) may have hidden any change, so
 * it is reported as null: "anything may have changed".
 */
export class DataChangeFeed {
  private readonly handlers = new Set<(table: string | null) => void>();

  /** Calls `handler` with each changed table, and with null after a gap in listening. */
  onChange(handler: (table: string | null) => void): void {
    this.handlers.add(handler);
  }

  /** A data-change notification (src/cache/caches.ts's DATA_CHANNEL): its payload is the table. */
  heard(table: string): void {
    this.emit(table);
  }

  /** Listening stopped or resumed: changes may have gone unheard in between. */
  gap(): void {
    this.emit(null);
  }

  private emit(table: string | null): void {
    for (const handler of this.handlers) handler(table);
  }
}
