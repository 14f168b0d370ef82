-- What one audit row costs PostgreSQL with the audit writer's statement (2,000 rows per insert … select * from
-- unnest(…)), by the shape of audit_event: the old random key and foreign key, a key in the order of the events
-- (V15), the key (tenant_id, created_at, id) as the only index (V16), and fewer indexes. Every row has a time of
-- its own, as events do. Prints the time of each million rows. ~3 min. In a scratch database only:
--   createdb -h 127.0.0.1 -U postgres audit_insert_bench
--   psql -h 127.0.0.1 -U postgres -d audit_insert_bench -f bench/audit-insert.sql
--   dropdb -h 127.0.0.1 -U postgres audit_insert_bench
-- The rows are made by the procedure itself (the same work for every shape), so compare the lines, not their sum.
\set ON_ERROR_STOP on
create table tenant (id varchar(40) primary key);
insert into tenant values ('ten_abcdefghijklmnopqrstuv');

create table audit_random_fk (
    id varchar(40) primary key, tenant_id varchar(40) not null references tenant (id), actor varchar(255) not null,
    user_id varchar(255), action varchar(64) not null, server_id varchar(40), target varchar(255),
    outcome varchar(32) not null, latency_ms bigint, created_at timestamptz not null);
create index on audit_random_fk (tenant_id, created_at desc);
create table audit_ordered_fk (like audit_random_fk including all);
alter table audit_ordered_fk add foreign key (tenant_id) references tenant (id);
create table audit_ordered (like audit_random_fk including all);
create table audit_ordered_pk_only (like audit_random_fk including defaults);
alter table audit_ordered_pk_only add primary key (id);
create table audit_no_index (like audit_random_fk including defaults);
create table audit_tenant_time_key (like audit_random_fk including defaults);
alter table audit_tenant_time_key add primary key (tenant_id, created_at, id);

-- Inserts batches of 2,000 rows into the table, ids random (as SecureIds made them) or in the order of the rows
-- (as AuditIds makes them), one transaction per batch; reports every 500 batches (a million rows).
create procedure fill(tbl text, ordered boolean, batches int) language plpgsql as $$
declare
    started timestamptz := clock_timestamp();
begin
    for b in 1..batches loop
        execute format($q$insert into %I select * from unnest(
            (select array_agg(case when $1 then 'aud_' || lpad(to_hex($2::bigint * 2000 + g), 18, '0') || substr(md5(random()::text), 1, 8)
                                   else 'aud_' || substr(md5(random()::text), 1, 22) end) from generate_series(1, 2000) g),
            array_fill('ten_abcdefghijklmnopqrstuv'::varchar, array[2000]), array_fill('api_key:bench'::varchar, array[2000]),
            array_fill('user-17'::varchar, array[2000]), array_fill('tools/call'::varchar, array[2000]),
            array_fill('mcp_abcdefghijklmnopqrstuv'::varchar, array[2000]), array_fill('fast__echo'::varchar, array[2000]),
            array_fill('completed'::varchar, array[2000]), array_fill(1::bigint, array[2000]),
            (select array_agg(now() + ($2::bigint * 2000 + g) * interval '1 millisecond') from generate_series(1, 2000) g))$q$,
            tbl) using ordered, b;
        commit;
        if b % 500 = 0 then
            -- A million rows: their seconds are the microseconds per row.
            raise notice '%: rows % to %: % us per row', tbl, (b - 500) * 2000 + 1, b * 2000,
                round(extract(epoch from clock_timestamp() - started), 1);
            started := clock_timestamp();
        end if;
    end loop;
end $$;

call fill('audit_random_fk', false, 2500);
call fill('audit_ordered_fk', true, 2500);
call fill('audit_ordered', true, 1000);
call fill('audit_tenant_time_key', true, 1000);
call fill('audit_ordered_pk_only', true, 500);
call fill('audit_no_index', true, 500);
select relname as relation, pg_size_pretty(pg_relation_size(oid)) as size from pg_class
where relname like 'audit_%' and relkind in ('r', 'i') order by relname;
