-- Functions that give PostGraphile 5 the two operations its table-generated schema cannot express: a depth-N
-- neighbourhood (recursive) and the hub's ranked trigram search. This is PostGraphile's standard extension
-- mechanism (a STABLE SQL function in an exposed schema becomes a Query field). They live in their own schema,
-- pgl_bench, created by `npm run bench` in the benchmark database only; the hub's migrations never see them.
-- Each function is a copy of the SQL the hub runs (src/modules/connection/traversal.* and
-- src/modules/search/search.service.ts), so the benchmark compares the two servers' overhead around the same
-- statements, not two algorithms.
create schema if not exists pgl_bench;

drop function if exists pgl_bench.neighbourhood(text, int);
drop type if exists pgl_bench.neighbour_row;
create type pgl_bench.neighbour_row as (kind text, hops int, per_hop int, code text, key text, status text);

-- Direction BOTH, no status or kind filter, 500 systems per hop and a budget of 10,000 systems reached (the hub's
-- defaults), as of today. The hub's walk (src/modules/connection/traversal.service.ts and traversal.queries.ts since
-- issue 14's "neighbourhood on x10"): one statement per hop from the previous hop's systems, excluding those already
-- reached, lowest ids first; at the budget it keeps the lowest ids and stops (a row of kind 'X' says so); then the rows
-- of the systems kept and the connections between them.
create function pgl_bench.neighbourhood(root_code text, depth int) returns setof pgl_bench.neighbour_row
language plpgsql stable as $fn$
declare
  root int := (select s.id from information_system s where s.code = root_code);
  frontier int[] := array[root];
  visited int[] := array[root];
  found int[];
  kept_ids int[] := array[root];
  kept_hops int[] := array[0];
  kept_n int[] := array[1];
  room int;
  hop int := 0;
  stopped boolean := false;
begin
  while hop < depth and cardinality(frontier) > 0 and not stopped loop
    hop := hop + 1;
    room := 10000 - cardinality(visited);
    select coalesce(array_agg(id order by id), '{}') into found from (
      select n.other_id as id from (
        select c.provider_id as other_id, c.status, c.status_since from connection c where c.consumer_id = any(frontier)
        union all
        select c.consumer_id, c.status, c.status_since from connection c where c.provider_id = any(frontier)
      ) n
      except select unnest(visited)
      order by 1 limit room + 1) f;
    if cardinality(found) > room then
      found := found[1:room];
      stopped := true;
    end if;
    kept_ids := kept_ids || found[1:500];
    kept_hops := kept_hops || array_fill(hop, array[least(cardinality(found), 500)]);
    kept_n := kept_n || array_fill(cardinality(found), array[least(cardinality(found), 500)]);
    visited := visited || found;
    frontier := found;
  end loop;
  return query
    with kept(system_id, hops, n) as (select * from unnest(kept_ids, kept_hops, kept_n))
    select 'S'::text, k.hops::int, k.n::int, s.code, null::text, null::text from kept k join information_system s on s.id = k.system_id
    union all
    select 'E'::text, null::int, null::int, null::text, c.key, c.status from connection c
      join kept a on a.system_id = c.consumer_id
      join kept b on b.system_id = c.provider_id
    union all
    select 'X'::text, null::int, null::int, null::text, null::text, null::text where stopped;
end
$fn$;

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
