import { Migration } from '@mikro-orm/migrations';

/**
 * The tables under the dashboards' answers (agencies and their succession, systems, their owners and lifecycles)
 * announce their changes too, on the same channel and with the same function as the first four
 * (Migration20261123000300_data_changed.ts), so the dashboards' read cache (src/cache/caches.ts) is cleared by any
 * change, whoever makes it.
 */
const TABLES = ['agency', 'agency_succession', 'information_system', 'system_owner_period', 'system_lifecycle_event'];

export class Migration20261202005000_dashboard_data_changed extends Migration {
  override async up(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(`create trigger ${table}_data_changed after insert or update or delete or truncate on ${table}
        for each statement execute function lien_thong_notify_data_changed()`);
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) this.addSql(`drop trigger if exists ${table}_data_changed on ${table}`);
  }
}
