-- Job queue, second pass: sane attempt bounds, and dead-letter listings paged by (finished_at, id) both per
-- workspace and across all of them (the admin page), plus the purge of old succeeded jobs.
alter table jobs add constraint jobs_attempts_bounds check (max_attempts between 1 and 1000 and attempts >= 0);

drop index jobs_dead;
create index jobs_dead on jobs (workspace_id, finished_at desc, id desc) where status = 'dead';
create index jobs_dead_recent on jobs (finished_at desc, id desc) where status = 'dead';
create index jobs_succeeded on jobs (finished_at) where status = 'succeeded';
