import { Migration } from '@mikro-orm/migrations';

/**
 * Agencies keep the other names they are known by (the seed's `aliases`, e.g. "Thừa Thiên Huế" for code 46), so a
 * rename through the API derives its search text from the stored aliases instead of dropping them.
 */
export class Migration20261124000100_agency_aliases extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table agency add column aliases text[] not null default '{}'`);
    // The seed loader now stores the aliases: make the next load apply the seed again even though its files are
    // unchanged (it upserts, so only rows that differ are rewritten).
    this.addSql('delete from seed_state');
  }

  override async down(): Promise<void> {
    this.addSql('alter table agency drop column if exists aliases');
  }
}
