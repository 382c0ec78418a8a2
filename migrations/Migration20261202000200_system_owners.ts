import { Migration } from '@mikro-orm/migrations';

/**
 * A system's owner is dated (issue 12, the 2025 reorganisation for systems): one period per owner, the open one
 * (valid_to null) being today's, each move with its date and, when given, its evidence. information_system.owner_id
 * stays the current owner (lists, authorization); the periods say who owned it on any date. Every existing system
 * gets one open period from the start.
 */
export class Migration20261202000200_system_owners extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table system_owner_period (
      id serial primary key,
      system_id integer not null references information_system (id),
      owner_id integer not null references agency (id),
      valid_from date,
      valid_to date,
      evidence_id integer references evidence (id),
      check (valid_to is null or valid_from is null or valid_to >= valid_from)
    )`);
    this.addSql(`create unique index system_owner_period_open_uq on system_owner_period (system_id) where valid_to is null`);
    this.addSql(`create index system_owner_period_owner_idx on system_owner_period (owner_id, system_id)`);
    this.addSql(`insert into system_owner_period (system_id, owner_id) select id, owner_id from information_system`);
  }
}
