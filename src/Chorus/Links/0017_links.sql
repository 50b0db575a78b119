-- The link shortener: a member of a workspace shortens an address, /l/{code} sends anyone to it (302) and counts the
-- click on its day. The address is stored as given (never fetched); the code is random, not derived from anything.

create table short_links (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    code text not null unique check (code ~ '^[A-Za-z0-9]{10}$'),
    url text not null check (length(url) between 1 and 2048 and url ~ '^https?://'),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null
);
-- One short link per address and workspace: shortening it again gives the same code (and the same counts).
create unique index short_links_url on short_links (workspace_id, md5(url));
create index short_links_workspace on short_links (workspace_id, created_at desc);

-- Clicks per link and UTC day, one row upserted by each redirect (analytics reads them).
create table link_clicks (
    link_id uuid not null references short_links (id) on delete cascade,
    day date not null,
    clicks bigint not null check (clicks > 0),
    primary key (link_id, day)
);
