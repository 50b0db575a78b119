-- Which networks exist is no longer the database's business: the application's catalog of network descriptors
-- (src/Chorus.Connectors/<Network>/<Network>Network.cs) validates the id, so a network is added without a migration.
-- The column keeps only the form of an id.
alter table channels drop constraint channels_network_check;
alter table channels add constraint channels_network_id check (network ~ '^[a-z][a-z0-9-]*$');

-- The OAuth tables serve every network connected by OAuth, not Mastodon alone: each row says which network.
alter table mastodon_apps rename to oauth_clients;
alter table oauth_clients rename constraint mastodon_apps_pkey to oauth_clients_pkey;
alter table oauth_clients add column network text not null default 'mastodon';
alter table oauth_clients alter column network drop default;
alter table oauth_clients drop constraint oauth_clients_pkey;
alter table oauth_clients add constraint oauth_clients_pkey primary key (network, instance, redirect_uri);

alter table mastodon_authorizations rename to oauth_authorizations;
alter table oauth_authorizations rename constraint mastodon_authorizations_pkey to oauth_authorizations_pkey;
alter table oauth_authorizations add column network text not null default 'mastodon';
alter table oauth_authorizations alter column network drop default;
alter index mastodon_authorizations_expiry rename to oauth_authorizations_expiry;
