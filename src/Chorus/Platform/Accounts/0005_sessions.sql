-- One row per sign-in: the session cookie carries the row's id, and a cookie is honoured only while its row exists.
-- Signing out deletes the row; a password change deletes every row of the person; leaving an organization too.
create table sessions (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null,
    last_seen_at timestamptz not null
);
create index sessions_user on sessions (user_id);

-- The per-user stamp that sessions replace.
alter table users drop column security_stamp;
