import { Migration } from '@mikro-orm/migrations';

/**
 * The national connection graph: agencies, information systems, connections with their status history,
 * indicators and observations, each figure tied to its evidence (a quote from a source document).
 * Plain SQL both PostgreSQL 15 (server) and 18 (PGlite) accept.
 */
export class Migration20261123000100_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm`);

    this.addSql(`create table source_document (
      id serial primary key,
      key text not null unique,
      title text not null,
      publisher text,
      published_at date not null,
      date_precision text not null default 'DAY' check (date_precision in ('DAY', 'MONTH', 'YEAR')),
      file_name text not null unique,
      url text,
      author text,
      note text
    )`);

    this.addSql(`create table evidence (
      id serial primary key,
      document_id integer not null references source_document (id),
      quote text not null check (length(quote) > 0),
      unique (document_id, quote)
    )`);

    this.addSql(`create table agency (
      id serial primary key,
      code text not null,
      kind text not null check (kind in ('COUNTRY', 'MINISTRY', 'MINISTRY_LEVEL_AGENCY', 'GOVERNMENT_AGENCY',
        'COMMITTEE', 'PROVINCE', 'CENTRAL_CITY', 'COMMUNE', 'PROVINCIAL_BODY', 'ENTERPRISE', 'OTHER')),
      name text not null,
      full_name text,
      name_ascii text not null,
      name_en text,
      parent_id integer references agency (id),
      valid_from date,
      valid_to date,
      search_text text not null,
      check (valid_to is null or valid_from is null or valid_to >= valid_from)
    )`);
    // The same official code can name two units over time (Lâm Đồng "68" before and after 1 July 2025).
    this.addSql(`create unique index agency_code_period_uq on agency (code, coalesce(valid_from, date '0001-01-01'))`);
    this.addSql(`create index agency_parent_idx on agency (parent_id, id)`);
    this.addSql(`create index agency_kind_idx on agency (kind, id)`);
    this.addSql(`create index agency_search_trgm on agency using gin (search_text gin_trgm_ops)`);

    this.addSql(`create table agency_succession (
      predecessor_id integer not null references agency (id),
      successor_id integer not null references agency (id),
      effective_on date not null,
      primary key (predecessor_id, successor_id)
    )`);
    this.addSql(`create index agency_succession_successor_idx on agency_succession (successor_id)`);

    this.addSql(`create table information_system (
      id serial primary key,
      code text not null unique,
      kind text not null check (kind in ('NATIONAL_DATABASE', 'DATABASE', 'INTEGRATION_PLATFORM', 'PORTAL',
        'APPLICATION', 'ADMIN_PROCEDURE_SYSTEM', 'OPERATIONS_CENTRE', 'MONITORING_SYSTEM', 'OTHER')),
      name text not null,
      name_en text,
      description text,
      owner_id integer not null references agency (id),
      operator_id integer references agency (id),
      status text check (status in ('PLANNED', 'IN_DEVELOPMENT', 'PILOT', 'OPERATIONAL', 'RETIRED')),
      status_since date,
      search_text text not null
    )`);
    this.addSql(`create index information_system_owner_idx on information_system (owner_id, id)`);
    this.addSql(`create index information_system_kind_idx on information_system (kind, id)`);
    this.addSql(`create index information_system_search_trgm on information_system using gin (search_text gin_trgm_ops)`);

    this.addSql(`create table system_lifecycle_event (
      id serial primary key,
      system_id integer not null references information_system (id),
      status text not null check (status in ('PLANNED', 'IN_DEVELOPMENT', 'PILOT', 'OPERATIONAL', 'RETIRED')),
      occurred_on date not null,
      evidence_id integer references evidence (id),
      note text,
      unique (system_id, occurred_on, status)
    )`);

    this.addSql(`create table connection (
      id serial primary key,
      key text not null unique,
      consumer_id integer not null references information_system (id),
      provider_id integer not null references information_system (id),
      via_id integer references information_system (id),
      status text not null check (status in ('PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED')),
      status_since date,
      check (consumer_id <> provider_id)
    )`);
    this.addSql(`create index connection_consumer_idx on connection (consumer_id, id)`);
    this.addSql(`create index connection_provider_idx on connection (provider_id, id)`);
    this.addSql(`create index connection_via_idx on connection (via_id, id)`);
    this.addSql(`create index connection_status_idx on connection (status, id)`);

    this.addSql(`create table connection_event (
      id serial primary key,
      connection_id integer not null references connection (id),
      status text not null check (status in ('PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED')),
      occurred_on date not null,
      evidence_id integer references evidence (id),
      reason text,
      unique (connection_id, occurred_on, status)
    )`);
    this.addSql(`create index connection_event_connection_idx on connection_event (connection_id, occurred_on, id)`);

    this.addSql(`create table indicator (
      id serial primary key,
      code text not null unique,
      name text not null,
      name_en text,
      unit text not null,
      counts_connections boolean not null default false,
      description text,
      search_text text not null
    )`);
    this.addSql(`create index indicator_search_trgm on indicator using gin (search_text gin_trgm_ops)`);

    this.addSql(`create table observation (
      id serial primary key,
      key text not null unique,
      indicator_id integer not null references indicator (id),
      agency_id integer references agency (id),
      system_id integer references information_system (id),
      value_text text,
      value double precision,
      numerator double precision,
      denominator double precision,
      qualifier text not null default 'EXACT' check (qualifier in ('EXACT', 'MORE_THAN', 'OVER', 'ABOUT', 'NEARLY', 'AT_LEAST', 'UNDER')),
      target double precision,
      target_qualifier text check (target_qualifier in ('EXACT', 'MORE_THAN', 'OVER', 'ABOUT', 'NEARLY', 'AT_LEAST', 'UNDER')),
      as_of date not null,
      period_start date,
      period_end date,
      reported_by_id integer references agency (id),
      evidence_id integer not null references evidence (id),
      basis text not null default 'REPORTED' check (basis in ('REPORTED', 'COMPUTED')),
      note text,
      search_text text not null,
      check (agency_id is not null or system_id is not null),
      check (denominator is null or denominator > 0)
    )`);
    this.addSql(`create index observation_indicator_idx on observation (indicator_id, as_of, id)`);
    this.addSql(`create index observation_agency_idx on observation (agency_id, id)`);
    this.addSql(`create index observation_system_idx on observation (system_id, as_of, id)`);
    this.addSql(`create index observation_search_trgm on observation using gin (search_text gin_trgm_ops)`);

    // One row per seed load: the digest of the files, so unchanged seed data is not re-applied.
    this.addSql(`create table seed_state (
      id serial primary key,
      digest text not null,
      loaded_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    for (const table of [
      'seed_state',
      'observation',
      'indicator',
      'connection_event',
      'connection',
      'system_lifecycle_event',
      'information_system',
      'agency_succession',
      'agency',
      'evidence',
      'source_document',
    ]) {
      this.addSql(`drop table if exists ${table} cascade`);
    }
  }
}
