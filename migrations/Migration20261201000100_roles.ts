import { Migration } from '@mikro-orm/migrations';

/**
 * Plans are not facts (issue 13): every dated statement has a role. Figures are ACTUAL (reported as done) or TARGET
 * (aimed at, with a due date or period); lifecycle and connection statuses are ACTUAL or PLANNED (a milestone, never
 * the current status). Indicators say what they measure. Tasks and commitments (what, to whom, by when, status)
 * get their own table. Target status is computed in SQL so lists can filter on it.
 * Plain SQL both PostgreSQL 15 (server) and 18 (PGlite) accept.
 */
export class Migration20261201000100_roles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table indicator add column measure text not null default 'AS_OF_DATE'
      check (measure in ('CUMULATIVE', 'PERIOD', 'AS_OF_DATE'))`);

    this.addSql(`alter table observation
      add column role text not null default 'ACTUAL' check (role in ('ACTUAL', 'TARGET')),
      add column due_on date,
      add column level text check (level in ('NATIONAL', 'MINISTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE')),
      add column date_quote text,
      add column related_system_ids integer[] not null default '{}'`);
    this.addSql(`create index observation_role_idx on observation (role, indicator_id, agency_id, as_of)`);

    for (const [table, owner] of [
      ['system_lifecycle_event', 'system_id'],
      ['connection_event', 'connection_id'],
    ]) {
      this.addSql(`alter table ${table}
        add column role text not null default 'ACTUAL' check (role in ('ACTUAL', 'PLANNED')),
        add column stated_on date,
        add check (role = 'ACTUAL' or stated_on is not null)`);
      // A plan and a fact may name the same status on the same date.
      this.addSql(`alter table ${table} drop constraint ${table}_${owner}_occurred_on_status_key`);
      this.addSql(`create unique index ${table}_role_uq on ${table} (${owner}, occurred_on, status, role)`);
    }

    this.addSql(`create table task (
      id serial primary key,
      key text not null unique,
      kind text not null check (kind in ('TASK', 'COMMITMENT', 'AGREEMENT', 'PROGRAMME')),
      title text not null,
      title_en text,
      assignee_ids integer[] not null default '{}',
      partner_ids integer[] not null default '{}',
      assigned_by_id integer references agency (id),
      system_id integer references information_system (id),
      stated_on date not null,
      due_on date,
      period_start date,
      period_end date,
      status text not null check (status in ('OPEN', 'DONE', 'BEHIND_SCHEDULE')),
      status_on date not null,
      item_count integer check (item_count is null or item_count > 0),
      items_done integer check (items_done is null or items_done >= 0),
      evidence_id integer not null references evidence (id),
      date_quote text,
      note text,
      check (items_done is null or item_count is null or items_done <= item_count),
      check (period_start is null or period_end is null or period_start <= period_end)
    )`);
    this.addSql(`create index task_assignee_idx on task using gin (assignee_ids)`);
    this.addSql(`create index task_due_idx on task (due_on, id)`);

    // The actual a target is measured against on a date: same indicator and agency, a compatible level (the
    // target's, or a figure for all levels), reported on or before the date; skip = 1 gives the one before it.
    this.addSql(`create function lien_thong_target_actual(target_id integer, on_date date, skip integer default 0)
      returns integer language sql stable as $$
        select a.id from observation t join observation a
          on a.indicator_id = t.indicator_id and a.agency_id is not distinct from t.agency_id and a.role = 'ACTUAL'
         and (a.level is null or a.level is not distinct from t.level)
         and (a.value is not null or a.numerator is not null)
        where t.id = target_id and a.as_of <= on_date
        order by a.as_of desc, (a.level is not distinct from t.level) desc, a.id desc
        offset skip limit 1
      $$`);
    // An actual's comparable number: its value, or its count as a percentage when the indicator is in %.
    this.addSql(`create function lien_thong_comparable(obs_id integer) returns double precision language sql stable as $$
        select coalesce(o.value, case when i.unit = '%' then 100.0 * o.numerator / o.denominator else o.numerator end)
        from observation o join indicator i on i.id = o.indicator_id where o.id = obs_id
      $$`);
    // MET: an actual on or before the due date (and the date asked) reaches it; OPEN: not due yet (or no due date)
    // and not met; MISSED: due, and the last actual by then falls short; UNREPORTED: due, and no actual by then.
    this.addSql(`create function lien_thong_target_status(target_id integer, on_date date) returns text language sql stable as $$
        with t as (select o.*, least(on_date, coalesce(o.due_on, o.period_end, on_date)) as by_date from observation o where o.id = target_id),
        a as (select lien_thong_comparable(lien_thong_target_actual(t.id, t.by_date)) as v, lien_thong_target_actual(t.id, t.by_date) as id from t)
        select case
          when a.id is not null and (case t.qualifier when 'UNDER' then a.v < t.value when 'MORE_THAN' then a.v > t.value
                                       when 'OVER' then a.v > t.value else a.v >= t.value end) then 'MET'
          when coalesce(t.due_on, t.period_end) is null or coalesce(t.due_on, t.period_end) >= on_date then 'OPEN'
          when a.id is null then 'UNREPORTED'
          else 'MISSED' end
        from t, a
      $$`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists lien_thong_target_status(integer, date)');
    this.addSql('drop function if exists lien_thong_comparable(integer)');
    this.addSql('drop function if exists lien_thong_target_actual(integer, date, integer)');
    this.addSql('drop table if exists task cascade');
    for (const [table, owner] of [
      ['system_lifecycle_event', 'system_id'],
      ['connection_event', 'connection_id'],
    ]) {
      this.addSql(`drop index if exists ${table}_role_uq`);
      this.addSql(`alter table ${table} add constraint ${table}_${owner}_occurred_on_status_key unique (${owner}, occurred_on, status)`);
      this.addSql(`alter table ${table} drop column role, drop column stated_on`);
    }
    this.addSql(
      `alter table observation drop column role, drop column due_on, drop column level, drop column date_quote, drop column related_system_ids`,
    );
    this.addSql('alter table indicator drop column measure');
  }
}
