import type { MikroORM } from '@mikro-orm/postgresql';
import { Migration20261123000100_initial } from '../../migrations/Migration20261123000100_initial.js';
import { Migration20261123000200_write_path } from '../../migrations/Migration20261123000200_write_path.js';
import { Migration20261123000300_data_changed } from '../../migrations/Migration20261123000300_data_changed.js';
import { Migration20261124000100_agency_aliases } from '../../migrations/Migration20261124000100_agency_aliases.js';
import { Migration20261201000100_roles } from '../../migrations/Migration20261201000100_roles.js';
import { Migration20261202000100_sort_keys } from '../../migrations/Migration20261202000100_sort_keys.js';
import { Migration20261202000200_system_owners } from '../../migrations/Migration20261202000200_system_owners.js';
import { Migration20261202001000_search_tiers } from '../../migrations/Migration20261202001000_search_tiers.js';
import { Migration20261202003000_document_text } from '../../migrations/Migration20261202003000_document_text.js';
import { Migration20261202003100_change_feed_index } from '../../migrations/Migration20261202003100_change_feed_index.js';
import { Migration20261202005000_dashboard_data_changed } from '../../migrations/Migration20261202005000_dashboard_data_changed.js';

/** Migrations in order. Listed explicitly so the same code runs from TypeScript sources and in tests. */
export const MIGRATIONS = [
  { name: 'Migration20261123000100_initial', class: Migration20261123000100_initial },
  { name: 'Migration20261123000200_write_path', class: Migration20261123000200_write_path },
  { name: 'Migration20261123000300_data_changed', class: Migration20261123000300_data_changed },
  { name: 'Migration20261124000100_agency_aliases', class: Migration20261124000100_agency_aliases },
  { name: 'Migration20261201000100_roles', class: Migration20261201000100_roles },
  { name: 'Migration20261202000100_sort_keys', class: Migration20261202000100_sort_keys },
  { name: 'Migration20261202000200_system_owners', class: Migration20261202000200_system_owners },
  { name: 'Migration20261202001000_search_tiers', class: Migration20261202001000_search_tiers },
  { name: 'Migration20261202003000_document_text', class: Migration20261202003000_document_text },
  { name: 'Migration20261202003100_change_feed_index', class: Migration20261202003100_change_feed_index },
  { name: 'Migration20261202005000_dashboard_data_changed', class: Migration20261202005000_dashboard_data_changed },
];

/** The names of the migrations applied to the database (MikroORM's table), without a file extension. */
export async function appliedMigrationNames(orm: MikroORM): Promise<Set<string>> {
  const rows = await orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations');
  return new Set(rows.map((r) => String(r.name).replace(/\.[jt]s$/, '')));
}
