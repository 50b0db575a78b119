-- The media library: images a workspace uploaded, checked and decoded by the app. The files themselves live in the
-- data folder (media/ab/cd/<sha256>.<ext>), named by the SHA-256 of what is served; a row per workspace and file, so
-- the same bytes uploaded twice in a workspace are one row, and in two workspaces two rows over one file.
create table media (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/gif', 'image/webp')),
    bytes bigint not null check (bytes > 0),
    width integer not null check (width > 0),
    height integer not null check (height > 0),
    -- The file name as uploaded, shown to people and given to networks that want one.
    name text not null check (length(name) between 1 and 255),
    alt_text text check (length(alt_text) <= 1500),
    uploaded_by uuid references users (id) on delete set null,
    uploaded_at timestamptz not null
);
create unique index media_content on media (workspace_id, sha256);
create index media_workspace on media (workspace_id, uploaded_at desc, id desc);
create index media_file on media (sha256);

-- A workspace's rules for media; publishing enforces them.
create table media_settings (
    workspace_id uuid primary key references workspaces (id) on delete cascade,
    alt_text_required boolean not null default false
);

-- The key that signs expiring media links (networks that fetch a file by URL), sealed by Data Protection so a copy
-- of the database alone cannot mint links. One row, made by the first node that needs it.
create table media_link_keys (
    id integer primary key check (id = 1),
    sealed_key text not null,
    created_at timestamptz not null
);
