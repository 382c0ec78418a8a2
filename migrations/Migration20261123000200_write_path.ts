import { Migration } from '@mikro-orm/migrations';

/**
 * The write path: row versions for optimistic locking, hashed API keys with roles and agency scopes, the audit log,
 * and rate-limit counters shared by every hub process.
 */
export class Migration20261123000200_write_path extends Migration {
  override async up(): Promise<void> {
    for (const table of ['agency', 'information_system', 'connection', 'observation']) {
      this.addSql(`alter table ${table} add column version integer not null default 1`);
    }

    // Documents recorded through the API have no verbatim file in seeds/documents.
    this.addSql('alter table source_document alter column file_name drop not null');

    this.addSql(`create table api_key (
      id serial primary key,
      name text not null,
      prefix text not null unique,
      secret_hash text not null,
      role text not null check (role in ('reader', 'editor', 'admin')),
      agency_codes text[] not null default '{}',
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      check (role <> 'editor' or cardinality(agency_codes) > 0)
    )`);

    this.addSql(`create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      api_key_id integer references api_key (id),
      actor text not null,
      action text not null,
      entity_type text not null,
      entity_id integer,
      entity_key text,
      changes jsonb not null,
      request_id text
    )`);
    this.addSql(`create index audit_log_entity_idx on audit_log (entity_type, entity_id, id)`);
    this.addSql(`create index audit_log_actor_idx on audit_log (api_key_id, id)`);

    // Fixed-window request counters per API key (or client address), in the database so every process agrees.
    this.addSql(`create table rate_limit_window (
      subject text not null,
      window_start timestamptz not null,
      hits integer not null,
      primary key (subject, window_start)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists rate_limit_window');
    this.addSql('drop table if exists audit_log');
    this.addSql('drop table if exists api_key');
    for (const table of ['agency', 'information_system', 'connection', 'observation']) {
      this.addSql(`alter table ${table} drop column if exists version`);
    }
  }
}
