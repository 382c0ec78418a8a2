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

-- `folded` is the query folded as the hub folds it (src/text: no diacritics, đ -> d, lower case) and `words` its
-- words as LIKE patterns ('%lam%'); the client computes both, as the hub does in TypeScript. The same statement as
-- the hub's (src/modules/search/search.queries.ts `rankedPage`, issue 14's tiers): candidates by tier (exact phrase on
-- search_tsv, every word, then similar names), each tier only while the earlier ones leave room, at most 1,001 kept
-- and 1,000 scored; `total` is the candidates found, at most 1,000 (the hub's totalCount).
create function pgl_bench.search(folded text, words text[], lim int, skip int default 0) returns setof pgl_bench.search_hit
language plpgsql stable as $fn$
declare
  all_words text;
  phrase_b text := '';
  words_b text := '';
  fuzzy_b text := '';
  scored_b text := '';
  src record;
begin
  select string_agg(format('t.search_text like %L', w), ' and ') into all_words from unnest(words) w;
  for src in select * from (values ('Agency', 'agency', 0.3, true, 'code'), ('InformationSystem', 'information_system', 0.3, true, 'code'),
      ('Indicator', 'indicator', 0.2, true, 'code'), ('Observation', 'observation', 0, false, 'key'),
      ('SourceDocument', 'source_document', 0.1, false, 'key')) v(type, tbl, w, fuzzy, code) loop
    phrase_b := phrase_b || case when phrase_b = '' then '' else ' union all ' end || format(
      $b$(select %L::text as type, t.id, 1 as tier, %s::float8 as w from %I t
          where t.search_tsv @@ phraseto_tsquery('simple', %L) and %s order by t.id limit 1001)$b$, src.type, src.w, src.tbl, folded, all_words);
    words_b := words_b || case when words_b = '' then '' else ' union all ' end || format(
      $b$(select %L::text as type, t.id, 2 as tier, %s::float8 as w from %I t
          where (select count(*) from phrase) <= 1000 and (%s) and not (t.search_tsv @@ phraseto_tsquery('simple', %L)) order by t.id limit 1001)$b$,
      src.type, src.w, src.tbl, all_words, folded);
    if src.fuzzy then
      fuzzy_b := fuzzy_b || ' union all ' || format(
        $b$(select %L::text as type, t.id, 3 as tier, %s::float8 as w from %I t
            where (select count(*) from (select 1 from phrase union all select 1 from words) c) <= 1000 and %L <%% t.search_text and not (%s)
            order by t.id limit 1001)$b$, src.type, src.w, src.tbl, folded, all_words);
    end if;
    scored_b := scored_b || case when scored_b = '' then '' else ' union all ' end || format(
      $b$select p.type, p.id, t.%I::text as code, word_similarity(%L, t.search_text) + case when %s then 1 else 0 end + %s as score
         from pool p join %I t on t.id = p.id where p.type = %L and p.n <= 1000$b$, src.code, folded, all_words, src.w, src.tbl, src.type);
  end loop;
  return query execute format($q$
    with phrase as (%s), words as (%s),
    pool as (
      select c.*, row_number() over (order by c.tier, c.w desc, c.type, c.id) as n
      from (select * from phrase union all select * from words %s) c order by n limit 1001
    )
    select r.type, r.id, r.code, r.score::float8, least((select count(*) from pool), 1000)::int as total from (%s) r
    order by r.score desc, r.type, r.id offset %s limit %s $q$, phrase_b, words_b, fuzzy_b, scored_b, skip, lim);
end
$fn$;
