import { Migration20261123000100_initial } from '../../migrations/Migration20261123000100_initial.js';
import { Migration20261123000200_write_path } from '../../migrations/Migration20261123000200_write_path.js';
import { Migration20261123000300_data_changed } from '../../migrations/Migration20261123000300_data_changed.js';
import { Migration20261124000100_agency_aliases } from '../../migrations/Migration20261124000100_agency_aliases.js';
import { Migration20261201000100_roles } from '../../migrations/Migration20261201000100_roles.js';
import { Migration20261202000100_sort_keys } from '../../migrations/Migration20261202000100_sort_keys.js';

/** Migrations in order. Listed explicitly so the same code runs from TypeScript sources and in tests. */
export const MIGRATIONS = [
  { name: 'Migration20261123000100_initial', class: Migration20261123000100_initial },
  { name: 'Migration20261123000200_write_path', class: Migration20261123000200_write_path },
  { name: 'Migration20261123000300_data_changed', class: Migration20261123000300_data_changed },
  { name: 'Migration20261124000100_agency_aliases', class: Migration20261124000100_agency_aliases },
  { name: 'Migration20261201000100_roles', class: Migration20261201000100_roles },
  { name: 'Migration20261202000100_sort_keys', class: Migration20261202000100_sort_keys },
];
