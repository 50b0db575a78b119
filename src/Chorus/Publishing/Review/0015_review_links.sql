-- Client review links: a member sends a client a link that decides one step of approval of one post without an
-- account. The link carries only this row's id, sealed by Data Protection; the row says whether it still works
-- (expired, revoked, or used once), so a link can be taken back.
create table review_links (
    id uuid primary key,
    workspace_id uuid not null references workspaces (id) on delete cascade,
    post_id uuid not null references posts (id) on delete cascade,
    -- The step of approval the link stands for (a ClientApprover step); it decides that step and no other.
    step smallint not null check (step between 1 and 10),
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null,
    expires_at timestamptz not null check (expires_at > created_at),
    revoked_at timestamptz,
    used_at timestamptz
);
create index review_links_post on review_links (post_id, created_at desc);

-- A decision made through a link has no member: the link and the name the client gave (optional) say who.
alter table post_approvals
    add column review_link_id uuid references review_links (id) on delete set null,
    add column reviewer_name text check (length(reviewer_name) between 1 and 200),
    add check (reviewer_name is null or review_link_id is not null);
