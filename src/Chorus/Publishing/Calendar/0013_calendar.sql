-- The calendar: the workspace's time zone and each person's display zone (times are stored in UTC, entered and shown
-- in a zone), campaigns that posts are tagged with, events (a launch, a live, a contest), and contests' entrants and
-- draws, kept so a draw can be shown and checked again.

-- IANA ids (Europe/Paris); the app checks them against the system's time zone database.
alter table workspaces add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 100);
-- Null: the workspace's zone.
alter table users add column time_zone text check (length(time_zone) between 1 and 100);

create table campaigns (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    colour text not null check (colour ~ '^#[0-9a-f]{6}$'),
    starts_on date not null,
    ends_on date not null check (ends_on >= starts_on),
    goal text check (length(goal) <= 2000),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null
);
create unique index campaigns_name on campaigns (workspace_id, lower(name));
create index campaigns_workspace on campaigns (workspace_id, starts_on);

-- A post belongs to at most one campaign.
create table campaign_posts (
    post_id uuid primary key references posts (id) on delete cascade,
    campaign_id uuid not null references campaigns (id) on delete cascade
);
create index campaign_posts_campaign on campaign_posts (campaign_id);

create table calendar_events (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    kind text not null check (kind in ('launch', 'live', 'contest', 'other')),
    starts_at timestamptz not null,
    ends_at timestamptz not null check (ends_at >= starts_at),
    description text check (length(description) <= 5000),
    campaign_id uuid references campaigns (id) on delete set null,
    -- A contest is run on the replies to this published post.
    post_id uuid references posts (id) on delete set null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    check (post_id is null or kind = 'contest')
);
create index calendar_events_workspace on calendar_events (workspace_id, starts_at);

-- The replies collected from the networks for a contest, one row per reply (several per person are kept: the draw
-- counts one entry each).
create table contest_entrants (
    event_id uuid not null references calendar_events (id) on delete cascade,
    network text not null,
    reply_id text not null check (length(reply_id) between 1 and 2000),
    author_id text not null check (length(author_id) between 1 and 2000),
    author_handle text not null check (length(author_handle) between 1 and 2000),
    author_name text,
    text text not null,
    url text,
    replied_at timestamptz not null,
    collected_at timestamptz not null,
    primary key (event_id, network, reply_id)
);

-- A draw: its seed, its conditions, the entrant list it was drawn from (with each one's eligibility) and the winners,
-- as drawn; drawing again from the same seed and list gives the same winners.
create table contest_draws (
    id uuid primary key,
    event_id uuid not null references calendar_events (id) on delete cascade,
    seed text not null check (seed ~ '^[0-9a-f]{64}$'),
    winners_wanted integer not null check (winners_wanted between 1 and 1000),
    hashtag text check (length(hashtag) <= 200),
    entrants jsonb not null,
    winners jsonb not null,
    drawn_by uuid references users (id) on delete set null,
    drawn_at timestamptz not null
);
create index contest_draws_event on contest_draws (event_id, drawn_at);
