-- Links sent to people who forgot their password: only the token's SHA-256 is kept. A link works once, for a short
-- time; mailed_at is set in the transaction that saw the SMTP server accept the e-mail, so it is sent once.
create table password_resets (
    token_hash bytea primary key,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    mailed_at timestamptz
);
create index password_resets_user on password_resets (user_id, created_at desc);
