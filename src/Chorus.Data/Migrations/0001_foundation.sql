-- Accounts and tenancy: organizations (an agency or a company) own workspaces (a brand or a client);
-- people are members of workspaces with one role each.
create table organizations (
    id uuid primary key,
    name text not null check (length(name) between 1 and 200),
    created_at timestamptz not null
);

create table users (
    id uuid primary key,
    email text not null,
    display_name text not null check (length(display_name) between 1 and 200),
    password_hash text not null,
    culture text check (culture in ('en', 'fr')),
    failed_logins integer not null default 0,
    locked_until timestamptz,
    -- Changed on password change: every session cookie issued before is refused.
    security_stamp uuid not null,
    created_at timestamptz not null
);
create unique index users_email on users (lower(email));

create table organization_members (
    organization_id uuid not null references organizations (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    is_owner boolean not null default false,
    primary key (organization_id, user_id)
);

create table workspaces (
    id uuid primary key,
    organization_id uuid not null references organizations (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    created_at timestamptz not null
);
create unique index workspaces_name on workspaces (organization_id, lower(name));

create table workspace_members (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('Owner', 'Admin', 'ContentManager', 'CommunityManager', 'Moderator', 'Analyst', 'ClientApprover')),
    joined_at timestamptz not null,
    primary key (workspace_id, user_id)
);
create index workspace_members_user on workspace_members (user_id);

create table invitations (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    token_hash bytea not null unique,
    role text not null,
    note text,
    created_by uuid not null references users (id),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    accepted_by uuid references users (id),
    accepted_at timestamptz,
    revoked_at timestamptz
);
create index invitations_workspace on invitations (workspace_id, created_at desc);

-- Personal API tokens: only a SHA-256 of the secret is stored; the prefix lets people recognise a token.
create table api_tokens (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    name text not null check (length(name) between 1 and 100),
    role text not null,
    prefix text not null,
    secret_hash bytea not null unique,
    created_at timestamptz not null,
    expires_at timestamptz,
    last_used_at timestamptz,
    revoked_at timestamptz
);
create index api_tokens_workspace on api_tokens (workspace_id, created_at desc);

create table audit_log (
    id bigint generated always as identity primary key,
    organization_id uuid references organizations (id) on delete cascade,
    workspace_id uuid references workspaces (id) on delete set null,
    actor_user_id uuid references users (id) on delete set null,
    actor_token_id uuid references api_tokens (id) on delete set null,
    action text not null,
    target_type text,
    target_id text,
    details jsonb not null default '{}',
    at timestamptz not null
);
create index audit_log_workspace on audit_log (workspace_id, id desc);

-- ASP.NET Core Data Protection keys, so cookies and encrypted secrets survive restarts and are shared by nodes.
create table data_protection_keys (
    friendly_name text primary key,
    xml text not null,
    created_at timestamptz not null default now()
);

-- Background jobs: claimed with FOR UPDATE SKIP LOCKED under a lease; retried with backoff; dead after max_attempts.
create table jobs (
    id bigint generated always as identity primary key,
    kind text not null,
    workspace_id uuid references workspaces (id) on delete cascade,
    payload jsonb not null default '{}',
    idempotency_key text,
    status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'dead')),
    due_at timestamptz not null,
    attempts integer not null default 0,
    max_attempts integer not null default 8,
    lease_until timestamptz,
    leased_by text,
    last_error text,
    created_at timestamptz not null,
    finished_at timestamptz
);
create unique index jobs_idempotency on jobs (kind, idempotency_key) where idempotency_key is not null;
create index jobs_due on jobs (due_at) where status in ('queued', 'running');
create index jobs_dead on jobs (workspace_id, finished_at desc) where status = 'dead';
