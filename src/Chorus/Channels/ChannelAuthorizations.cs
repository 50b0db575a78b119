using Chorus.Connectors.Abstractions;
using Chorus.Workspaces;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

/// <summary>What the network granted when the person came back: the credentials, for whom and where.</summary>
public sealed record OAuthGrant(WorkspaceContext Context, Uri Server, string CredentialsJson, string? Name);

/// <summary>
/// OAuth for the networks connected that way (their descriptor's <see cref="IOAuthNetwork"/> does the protocol):
/// Chorus registers itself once per server, sends the person to the server's authorisation page, and finishes when
/// the server sends them back with a code. The state and PKCE verifier wait in oauth_authorizations (verifier
/// encrypted), bound to the person and workspace that started, for a short time.
/// </summary>
public sealed class ChannelAuthorizations(
    NpgsqlDataSource dataSource,
    ChannelConnectors connectors,
    WorkspaceAccess access,
    IOptions<ChannelOptions> options,
    TimeProvider clock)
{
    /// <summary>Registers Chorus on the server if needed and records the authorisation; returns where to send the person.</summary>
    public async Task<Uri> StartAsync(WorkspaceContext context, NetworkDescriptor network, Uri server, string? name, Uri redirectUri,
        CancellationToken cancellationToken)
    {
        var oauth = OAuthOf(network);
        var client = await ClientAsync(network, server, redirectUri, cancellationToken);
        var started = oauth.Start(server, client, redirectUri);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            delete from oauth_authorizations where expires_at < @now;
            insert into oauth_authorizations (state, network, workspace_id, user_id, instance, redirect_uri, name, code_verifier, created_at, expires_at)
            values (@state, @network, @workspaceId, @userId, @instance, @redirectUri, @name, @verifier, @now, @expiresAt);
            """,
            new
            {
                state = started.State, network = network.Id, workspaceId = context.WorkspaceId, userId = context.Actor.UserId,
                instance = started.Server.AbsoluteUri, redirectUri = started.RedirectUri.AbsoluteUri, name,
                verifier = connectors.Seal(started.CodeVerifier), now, expiresAt = now + options.Value.AuthorizationLifetime,
            }, cancellationToken: cancellationToken));
        return started.AuthorizeUrl;
    }

    /// <summary>
    /// Checks what the server sent back: the state must be one this person started on this network (and not expired),
    /// they must still manage channels in that workspace, and the server must accept the code. Each state works once.
    /// </summary>
    public async Task<OAuthGrant> CompleteAsync(Actor actor, NetworkDescriptor network, string? state, string? code, CancellationToken cancellationToken)
    {
        var oauth = OAuthOf(network);
        if (string.IsNullOrWhiteSpace(state)) throw new InputException("state", "The network sent no state back; connect the account again.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = await connection.QuerySingleOrDefaultAsync<(Guid WorkspaceId, Guid UserId, string Instance, string RedirectUri, string? Name,
            string CodeVerifier, DateTime ExpiresAt)>(new CommandDefinition("""
            delete from oauth_authorizations where state = @state and network = @network
            returning workspace_id, user_id, instance, redirect_uri, name, code_verifier, expires_at
            """, new { state, network = network.Id }, cancellationToken: cancellationToken));
        if (pending.WorkspaceId == Guid.Empty || pending.UserId != actor.UserId
            || new DateTimeOffset(DateTime.SpecifyKind(pending.ExpiresAt, DateTimeKind.Utc)) < clock.GetUtcNow())
        {
            throw new InputException("state", "This authorisation is unknown or has expired; connect the account again.");
        }

        var context = await access.ResolveAsync(actor, pending.WorkspaceId, cancellationToken: cancellationToken);
        if (context is null || !context.Can(Permission.ManageChannels))
            throw new InputException("state", "You can no longer manage the channels of this workspace.");

        var server = new Uri(pending.Instance);
        var redirectUri = new Uri(pending.RedirectUri);
        var client = await ClientAsync(network, server, redirectUri, cancellationToken);
        var started = new OAuthStart(server, client, redirectUri, state, connectors.Unseal(pending.CodeVerifier), server);
        var credentials = await oauth.ExchangeCodeAsync(started, code, cancellationToken);
        if (!credentials.Succeeded) throw new InputException("code", ConnectorFailure.Explain(credentials));
        return new OAuthGrant(context, server, credentials.Value!, pending.Name);
    }

    /// <summary>The client Chorus registered on this server for this redirect address, registering it the first time.</summary>
    private async Task<OAuthClient> ClientAsync(NetworkDescriptor network, Uri server, Uri redirectUri, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = new { network = network.Id, instance = server.AbsoluteUri, redirectUri = redirectUri.AbsoluteUri };
        var known = await connection.QuerySingleOrDefaultAsync<(string ClientId, string ClientSecret)>(new CommandDefinition(
            "select client_id, client_secret from oauth_clients where network = @network and instance = @instance and redirect_uri = @redirectUri",
            key, cancellationToken: cancellationToken));
        if (known.ClientId is not null) return new OAuthClient(known.ClientId, connectors.Unseal(known.ClientSecret));

        var oauth = OAuthOf(network);
        var registered = await oauth.RegisterClientAsync(server, redirectUri, cancellationToken);
        if (!registered.Succeeded) throw new InputException(oauth.ServerField, ConnectorFailure.Explain(registered));
        var client = registered.Value!;
        // Two people registering at once: the first registration wins and both use it.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into oauth_clients (network, instance, redirect_uri, client_id, client_secret, created_at)
            values (@network, @instance, @redirectUri, @clientId, @clientSecret, @now) on conflict do nothing
            """, new { key.network, key.instance, key.redirectUri, clientId = client.ClientId, clientSecret = connectors.Seal(client.ClientSecret), now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        return await ClientAsync(network, server, redirectUri, cancellationToken);
    }

    private static IOAuthNetwork OAuthOf(NetworkDescriptor network) =>
        network.OAuth ?? throw new InvalidOperationException($"{network.DisplayName} accounts are not connected by OAuth.");
}
