-- What people are told: one row per recipient, rendered in the reader's language from its kind and parameters when
-- shown or mailed (never stored translated). emailed_at is set in the transaction that saw the SMTP server accept the
-- message, so a job that runs again sends nothing more.
create table notifications (
    id bigint generated always as identity primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind ~ '^[a-z][a-z0-9_.-]{0,99}$'),
    parameters jsonb not null default '{}',
    link text check (link like '/%' and length(link) <= 1000),
    created_at timestamptz not null,
    read_at timestamptz,
    emailed_at timestamptz
);
create index notifications_of_user on notifications (user_id, id desc);
create index notifications_unread on notifications (user_id, workspace_id) where read_at is null;

-- The kinds a person does not want by e-mail (every kind is mailed unless listed here).
create table notification_email_opt_outs (
    user_id uuid not null references users (id) on delete cascade,
    kind text not null,
    primary key (user_id, kind)
);
