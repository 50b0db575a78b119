-- Publishing: a post is written once and has one variant per channel; each variant goes through its own workflow
-- (draft → in review → approved → scheduled → publishing → published | failed, or cancelled) and is published by a
-- job of the queue. The checks below make the states the workflow never reaches impossible to store.

-- The workspace's approval policy: no row, no approval; one row, one step; several, ordered steps, each decided by a
-- member of that role (or an Owner or Admin).
create table approval_steps (
    workspace_id uuid not null references workspaces (id) on delete cascade,
    position smallint not null check (position between 1 and 10),
    role text not null check (role in ('Owner', 'Admin', 'ClientApprover')),
    primary key (workspace_id, position)
);

create table posts (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    -- The approval step the post waits for while in review (1-based); null outside review.
    review_step smallint check (review_step between 1 and 10),
    created_at timestamptz not null,
    updated_at timestamptz not null check (updated_at >= created_at)
);
create index posts_workspace on posts (workspace_id, id desc);

create table post_variants (
    id uuid primary key,
    post_id uuid not null references posts (id) on delete cascade,
    -- Kept when the channel is disconnected, so what was published stays listed; the network says what it was.
    channel_id uuid references channels (id) on delete set null,
    network text not null,
    status text not null default 'draft'
        check (status in ('draft', 'in_review', 'approved', 'scheduled', 'publishing', 'published', 'failed', 'cancelled')),
    text text not null check (length(text) <= 100000),
    title text check (length(title) <= 1000),
    link text check (length(link) <= 2000),
    content_warning text check (length(content_warning) <= 1000),
    language text check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    scheduled_at timestamptz,
    -- Bumped each time the variant is (re)scheduled: a job of an older schedule finds it stale and does nothing.
    schedule_version integer not null default 0,
    -- Minted by the channel's connector (IPublisher.NewIdempotencyKey) when the variant is created; sent with every attempt.
    idempotency_key text not null check (length(idempotency_key) between 1 and 400),
    -- An attempt sent the post and its answer is not known: the next attempt looks the post up before sending again.
    maybe_sent boolean not null default false,
    remote_id text,
    remote_url text,
    error text,
    attempts integer not null default 0 check (attempts >= 0),
    published_at timestamptz,
    unique (post_id, channel_id),
    check (status not in ('scheduled', 'publishing') or scheduled_at is not null),
    -- The post's remote id is kept as soon as it exists (its thread may still be publishing).
    check (status <> 'published' or remote_id is not null),
    check ((status = 'published') = (published_at is not null)),
    check (status <> 'failed' or error is not null),
    check (not maybe_sent or status = 'publishing')
);
create index post_variants_post on post_variants (post_id);
create index post_variants_channel on post_variants (channel_id);

-- The parts published after a variant's post: thread parts in order, each answering the one before (the first
-- answers the post), and the first comment, which answers the post itself.
create table post_variant_parts (
    variant_id uuid not null references post_variants (id) on delete cascade,
    position smallint not null check (position between 1 and 100),
    kind text not null check (kind in ('thread', 'first_comment')),
    text text not null check (length(text) between 1 and 100000),
    idempotency_key text not null check (length(idempotency_key) between 1 and 400),
    maybe_sent boolean not null default false,
    remote_id text,
    remote_url text,
    published_at timestamptz,
    primary key (variant_id, position),
    check ((remote_id is null) = (published_at is null))
);
create unique index post_variant_parts_first_comment on post_variant_parts (variant_id) where kind = 'first_comment';

-- Each approval decision: who, when, at which step, and what they said.
create table post_approvals (
    id bigint generated always as identity primary key,
    post_id uuid not null references posts (id) on delete cascade,
    step smallint not null check (step between 1 and 10),
    decision text not null check (decision in ('approved', 'changes_requested')),
    user_id uuid references users (id) on delete set null,
    comment text check (length(comment) <= 5000),
    at timestamptz not null,
    check (decision = 'approved' or length(trim(comment)) > 0)
);
create index post_approvals_post on post_approvals (post_id, id);

-- Internal comments on a post; the members it @mentions are kept for notifications.
create table post_comments (
    id bigint generated always as identity primary key,
    post_id uuid not null references posts (id) on delete cascade,
    author_id uuid references users (id) on delete set null,
    body text not null check (length(body) between 1 and 5000),
    mentions uuid[] not null default '{}',
    at timestamptz not null
);
create index post_comments_post on post_comments (post_id, id);
