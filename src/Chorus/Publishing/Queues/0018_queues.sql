-- Queues: weekly time slots per channel ("add to queue" takes the channel's next free one), recurring posts (copies
-- created ahead by the automation job) and evergreen posts (copied again into the queue after a cooldown). The unique
-- keys below are what make the job safe to run twice or on two nodes at once: an occurrence or a re-queue round is
-- inserted before its copy, in the copy's transaction, and a second run finds it taken.

-- A slot is a weekday (ISO: 1 Monday .. 7 Sunday) and a wall-clock time in the workspace's time zone.
create table queue_slots (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    channel_id uuid not null references channels (id) on delete cascade,
    weekday smallint not null check (weekday between 1 and 7),
    local_time time not null check (local_time = date_trunc('minute', local_time)),
    created_at timestamptz not null,
    unique (channel_id, weekday, local_time)
);
create index queue_slots_workspace on queue_slots (workspace_id);

-- Planned variants of a channel, by time: the queue's "is this slot free" question.
create index post_variants_channel_time on post_variants (channel_id, scheduled_at) where scheduled_at is not null;

-- A post published again every N days or weeks (in the workspace's zone: the same wall-clock time across a
-- summer-time change), until a date or for a number of times in all (the post itself counting as the first).
create table post_recurrences (
    post_id uuid primary key references posts (id) on delete cascade,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    every integer not null check (every between 1 and 365),
    unit text not null check (unit in ('day', 'week')),
    until_date date,
    times integer check (times between 2 and 1000),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    check ((until_date is null) <> (times is null))
);
create index post_recurrences_workspace on post_recurrences (workspace_id);

-- Occurrence n (1 = the first repeat) of a recurring post and the copy that publishes it.
create table post_occurrences (
    source_post_id uuid not null references posts (id) on delete cascade,
    number integer not null check (number >= 1),
    post_id uuid references posts (id) on delete set null,
    at timestamptz not null,
    created_at timestamptz not null,
    primary key (source_post_id, number)
);

-- A published post copied into its channels' queues again once `cooldown_days` have passed since it (or its last
-- copy) was published.
create table evergreen_posts (
    post_id uuid primary key references posts (id) on delete cascade,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    cooldown_days integer not null check (cooldown_days between 1 and 3650),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null
);
create index evergreen_posts_workspace on evergreen_posts (workspace_id);

-- Round n of an evergreen post's re-queueing and its copy.
create table evergreen_requeues (
    source_post_id uuid not null references posts (id) on delete cascade,
    round integer not null check (round >= 1),
    post_id uuid references posts (id) on delete set null,
    created_at timestamptz not null,
    primary key (source_post_id, round)
);
