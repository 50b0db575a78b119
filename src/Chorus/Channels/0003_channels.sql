-- Channels: one connected account per row (a Bluesky or Mastodon account, a WordPress site, a feed). Credentials are
-- encrypted by the app (ASP.NET Core Data Protection) before they reach this table; feeds have none.
create table channels (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    network text not null check (network in ('bluesky', 'mastodon', 'wordpress', 'feed')),
    name text not null check (length(name) between 1 and 200),
    -- What people recognise: a handle, a site URL, a feed URL.
    account text not null check (length(account) between 1 and 2000),
    base_url text,
    credentials text,
    status text not null default 'healthy' check (status in ('healthy', 'broken')),
    status_reason text,
    consecutive_failures integer not null default 0,
    checked_at timestamptz,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null
);
create unique index channels_account on channels (workspace_id, network, lower(account));
create index channels_workspace on channels (workspace_id, id);
create index channels_broken on channels (workspace_id) where status = 'broken';

-- Conditional-GET state and polling schedule of feed channels.
create table feed_poll_state (
    channel_id uuid primary key references channels (id) on delete cascade,
    etag text,
    last_modified text,
    next_poll_at timestamptz,
    failures integer not null default 0
);

-- One app registration per Mastodon instance (and redirect URI), reused by every workspace that connects there.
create table mastodon_apps (
    instance text not null,
    redirect_uri text not null,
    client_id text not null,
    client_secret text not null, -- encrypted
    created_at timestamptz not null,
    primary key (instance, redirect_uri)
);

-- Mastodon authorisations in progress: the person went to the instance and has not come back yet.
create table mastodon_authorizations (
    state text primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    instance text not null,
    redirect_uri text not null,
    name text,
    code_verifier text not null, -- encrypted
    created_at timestamptz not null,
    expires_at timestamptz not null
);
create index mastodon_authorizations_expiry on mastodon_authorizations (expires_at);
