import 'reflect-metadata';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';

export interface OrmOptions {
  /** A PostgreSQL URL, or explicit connection settings (the embedded database's unix socket). */
  connection: string | { host: string; port: number; user: string; dbName: string };
  poolMax: number;
  /** Called with every SQL statement the ORM runs (used by tests and benchmarks to count statements). */
  onQuery?: (sql: string) => void;
}

/** Builds the MikroORM instance over PostgreSQL (server or embedded). Schema changes only through migrations. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    ...(typeof options.connection === 'string' ? { clientUrl: options.connection } : options.connection),
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, silent: true, snapshot: false },
    pool: { min: 0, max: options.poolMax },
    debug: options.onQuery ? ['query'] : false,
    logger: (message: string) => {
      if (!options.onQuery) return;
      // MikroORM logs "[query] <sql> [took N ms, ...]"; keep only the statement.
      const match = /\[query\] (.*?)(?: \[took .*)?$/s.exec(message.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match) options.onQuery(match[1]);
    },
    allowGlobalContext: false,
  });
}

/** Applies pending migrations; returns the names it applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
