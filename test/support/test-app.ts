import { createApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from './database.js';

export interface TestApp extends App {
  /** SQL statements run since the last `resetQueries()`. */
  queries: string[];
  resetQueries(): void;
  /** Runs an operation and fails the test on any GraphQL error. */
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  databaseUrl: string;
}

/** The hub on its own fresh database on the PostgreSQL server, migrated and seeded. */
export async function startTestApp(options: AppOptions = {}, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const queries: string[] = [];
  const app = await createApp(loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', PORT: '0', ...env }), {
    ...options,
    onQuery: (sql) => queries.push(sql),
  });
  const stop = app.stop.bind(app);
  return Object.assign(app, {
    queries,
    databaseUrl: db.url,
    resetQueries: () => {
      queries.length = 0;
    },
    async query(query: string, variables?: Record<string, unknown>) {
      const result = await app.execute(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as any;
    },
    async stop() {
      await stop();
      await db.drop();
    },
  });
}
