-- Communication charter: one per workspace (a workspace without a row has an empty charter). Lists are replaced whole
-- when an admin saves, in the order they were written.
create table charters (
    workspace_id uuid primary key references workspaces (id) on delete cascade,
    tone_notes text not null default '' check (length(tone_notes) <= 4000),
    -- The text engine's toxicity score from which a text breaches the charter; null: not checked.
    toxicity_threshold double precision check (toxicity_threshold > 0 and toxicity_threshold <= 1),
    toxicity_severity text not null default 'warning' check (toxicity_severity in ('warning', 'blocking')),
    breach_blocks_approval boolean not null default false,
    updated_by uuid references users (id) on delete set null,
    updated_at timestamptz not null
);

create table charter_banned_terms (
    workspace_id uuid not null references charters (workspace_id) on delete cascade,
    position integer not null check (position >= 0),
    term text not null check (length(term) between 1 and 200),
    severity text not null check (severity in ('warning', 'blocking')),
    note text check (length(note) between 1 and 500),
    primary key (workspace_id, position)
);

create table charter_required_mentions (
    workspace_id uuid not null references charters (workspace_id) on delete cascade,
    position integer not null check (position >= 0),
    text text not null check (length(text) between 1 and 500),
    -- null: every channel. A disconnected channel takes its rules with it.
    channel_id uuid references channels (id) on delete cascade,
    -- The campaign's key; null: every post. Text until campaigns have their own table.
    campaign text check (length(campaign) between 1 and 200),
    severity text not null check (severity in ('warning', 'blocking')),
    primary key (workspace_id, position)
);
create index charter_required_mentions_channel on charter_required_mentions (channel_id);
