-- What a writer reuses in the composer: templates (a body and an optional title to start a variant from), signatures
-- (a text appended to a variant; one may be the default of a channel) and hashtag groups (a named list of hashtags).
-- Each belongs to one workspace; names are unique in it whatever their case.

create table post_templates (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    title text check (length(title) between 1 and 1000),
    body text not null check (length(body) between 1 and 10000),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index post_templates_name on post_templates (workspace_id, lower(name));

create table signatures (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    text text not null check (length(text) between 1 and 2000),
    -- The channel whose variants offer this signature first; a channel has one default at most.
    default_channel_id uuid references channels (id) on delete set null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index signatures_name on signatures (workspace_id, lower(name));
create unique index signatures_default_channel on signatures (default_channel_id) where default_channel_id is not null;

create table hashtag_groups (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    -- Without their '#', in the order given.
    hashtags text[] not null check (cardinality(hashtags) between 1 and 30),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index hashtag_groups_name on hashtag_groups (workspace_id, lower(name));
