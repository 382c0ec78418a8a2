-- Functions that give PostGraphile 5 the two operations its table-generated schema cannot express: a depth-N
-- neighbourhood (recursive) and the hub's ranked trigram search. This is PostGraphile's standard extension
-- mechanism (a STABLE SQL function in an exposed schema becomes a Query field). They live in their own schema,
-- pgl_bench, created by `npm run bench` in the benchmark database only; the hub's migrations never see them.
-- Each function is a copy of the SQL the hub runs (src/modules/connection/traversal.service.ts and
-- src/modules/search/search.service.ts as of 2026-11-23), so the benchmark compares the two servers' overhead around
-- the same statement, not two algorithms.
create schema if not exists pgl_bench;

drop function if exists pgl_bench.neighbourhood(text, int);
drop type if exists pgl_bench.neighbour_row;
create type pgl_bench.neighbour_row as (kind text, hops int, per_hop int, code text, key text, status text);

-- Direction BOTH, no status or kind filter, 500 systems per hop (the hub's defaults), as of today.
create function pgl_bench.neighbourhood(root_code text, depth int) returns setof pgl_bench.neighbour_row
language sql stable as $$
  with recursive walk(system_id, hops) as (
    select (select s.id from information_system s where s.code = root_code), 0
    union
    select n.other_id, w.hops + 1
    from walk w cross join lateral (
      select n.other_id, n.connection_id, st.status, st.since from (
        select c.provider_id as other_id, c.id as connection_id from connection c where c.consumer_id = w.system_id
        union all
        select c.consumer_id as other_id, c.id as connection_id from connection c where c.provider_id = w.system_id
      ) n
      cross join lateral (select e.status, e.occurred_on as since from connection_event e
        where e.connection_id = n.connection_id and e.occurred_on <= current_date order by e.occurred_on desc, e.id desc limit 1) st
    ) n
    join information_system t on t.id = n.other_id
    where w.hops < depth
  ), reached as (
    select system_id, min(hops) as hops from walk group by system_id
  ), ranked as (
    select r.system_id, r.hops, row_number() over (partition by r.hops order by r.system_id) as rn,
           count(*) over (partition by r.hops) as n
    from reached r
  ), kept as (
    select * from ranked where rn <= 500 or hops = 0
  ), edges as (
    select c.id, c.key, st.status from connection c
    join kept a on a.system_id = c.consumer_id
    join kept b on b.system_id = c.provider_id
    cross join lateral (select e.status, e.occurred_on as since from connection_event e
      where e.connection_id = c.id and e.occurred_on <= current_date order by e.occurred_on desc, e.id desc limit 1) st
  )
  select 'S'::text, k.hops::int, k.n::int, s.code, null::text, null::text from kept k join information_system s on s.id = k.system_id
  union all
  select 'E'::text, null::int, null::int, null::text, e.key, e.status from edges e
$$;

drop function if exists pgl_bench.search(text, text[], int, int);
drop type if exists pgl_bench.search_hit;
create type pgl_bench.search_hit as (type text, id int, code text, score float8, total int);

-- `folded` is the query folded as the hub folds it (src/seed/fold.ts: no diacritics, đ -> d, lower case) and
-- `words` its words as LIKE patterns ('%lam%'); the client computes both, as the hub does in TypeScript.
create function pgl_bench.search(folded text, words text[], lim int, skip int default 0) returns setof pgl_bench.search_hit
language plpgsql stable as $fn$
declare
  all_words text;
begin
  -- One LIKE per word (so the trigram index is used), fuzzy `<%` on names only: as the hub's search does.
  select string_agg(format('t.search_text like %L', w), ' and ') into all_words from unnest(words) w;
  return query execute format($q$
    select type, id, code, score::float8, (count(*) over ())::int as total from (
      select 'Agency'::text as type, t.id, t.code::text,
        word_similarity(%1$L, t.search_text) + case when %2$s then 1 else 0 end + 0.3 as score
      from agency t where (%2$s) or %1$L <%% t.search_text
      union all
      select 'InformationSystem', t.id, t.code, word_similarity(%1$L, t.search_text) + case when %2$s then 1 else 0 end + 0.3
      from information_system t where (%2$s) or %1$L <%% t.search_text
      union all
      select 'Indicator', t.id, t.code, word_similarity(%1$L, t.search_text) + case when %2$s then 1 else 0 end + 0.2
      from indicator t where (%2$s) or %1$L <%% t.search_text
      union all
      select 'Observation', t.id, t.key, word_similarity(%1$L, t.search_text) + case when %2$s then 1 else 0 end + 0
      from observation t where %2$s
    ) r
    order by score desc, type, id offset %3$s limit %4$s $q$, folded, all_words, skip, lim);
end
$fn$;
