using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Mastodon;
using Chorus.Workspaces;
using Dapper;

namespace Chorus.Channels;

/// <summary>
/// Mastodon is connected with OAuth: Chorus registers itself once per instance, sends the person to the instance's
/// authorisation page, and finishes when the instance sends them back with a code. The state and PKCE verifier wait in
/// mastodon_authorizations (verifier encrypted), bound to the person and workspace that started, for a short time.
/// </summary>
public sealed partial class ChannelService
{
    private async Task<Uri> StartMastodonAsync(WorkspaceContext context, string? url, string? name, Uri redirectUri, CancellationToken cancellationToken)
    {
        var instance = await CheckUrlAsync(url, cancellationToken);
        var root = new Uri(instance.GetLeftPart(UriPartial.Authority) + "/");
        var authorization = mastodon.CreateAuthorization(guard);
        var app = await MastodonAppAsync(authorization, root, redirectUri, cancellationToken);
        var request = authorization.StartAuthorization(root, app, redirectUri);
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            delete from mastodon_authorizations where expires_at < @now;
            insert into mastodon_authorizations (state, workspace_id, user_id, instance, redirect_uri, name, code_verifier, created_at, expires_at)
            values (@state, @workspaceId, @userId, @instance, @redirectUri, @name, @verifier, @now, @expiresAt);
            """,
            new
            {
                state = request.State, workspaceId = context.WorkspaceId, userId = context.Actor.UserId, instance = root.AbsoluteUri,
                redirectUri = redirectUri.AbsoluteUri, name, verifier = connectors.Seal(request.CodeVerifier), now,
                expiresAt = now + options.Value.MastodonAuthorizationLifetime,
            }, cancellationToken: cancellationToken));
        return request.AuthorizeUrl;
    }

    /// <summary>The app Chorus registered on this instance for this redirect URI, registering it the first time.</summary>
    private async Task<MastodonApp> MastodonAppAsync(MastodonAuthorization authorization, Uri instance, Uri redirectUri, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = new { instance = instance.AbsoluteUri, redirectUri = redirectUri.AbsoluteUri };
        var known = await connection.QuerySingleOrDefaultAsync<(string ClientId, string ClientSecret)>(new CommandDefinition(
            "select client_id, client_secret from mastodon_apps where instance = @instance and redirect_uri = @redirectUri", key, cancellationToken: cancellationToken));
        if (known.ClientId is not null) return new MastodonApp(known.ClientId, connectors.Unseal(known.ClientSecret));

        var registered = await authorization.RegisterAppAsync(instance.AbsoluteUri, redirectUri, cancellationToken);
        if (!registered.Succeeded) throw new InputException("url", Explain(registered));
        var app = registered.Value!;
        // Two people registering at once: the first registration wins and both use it.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into mastodon_apps (instance, redirect_uri, client_id, client_secret, created_at)
            values (@instance, @redirectUri, @clientId, @clientSecret, @now) on conflict do nothing
            """, new { key.instance, key.redirectUri, clientId = app.ClientId, clientSecret = connectors.Seal(app.ClientSecret), now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        return await MastodonAppAsync(authorization, instance, redirectUri, cancellationToken);
    }

    /// <summary>
    /// Finishes a Mastodon connection when the instance sends the person back: the state must be one this person
    /// started (and not expired), they must still manage channels in that workspace, and the instance must accept the
    /// code. Each state works once.
    /// </summary>
    public async Task<Channel> CompleteMastodonAsync(Actor actor, string? state, string? code, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(state)) throw new InputException("state", "The instance sent no state back; connect the account again.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = await connection.QuerySingleOrDefaultAsync<(Guid WorkspaceId, Guid UserId, string Instance, string RedirectUri, string? Name,
            string CodeVerifier, DateTime ExpiresAt)>(new CommandDefinition("""
            delete from mastodon_authorizations where state = @state
            returning workspace_id, user_id, instance, redirect_uri, name, code_verifier, expires_at
            """, new { state }, cancellationToken: cancellationToken));
        if (pending.WorkspaceId == Guid.Empty || pending.UserId != actor.UserId
            || new DateTimeOffset(DateTime.SpecifyKind(pending.ExpiresAt, DateTimeKind.Utc)) < clock.GetUtcNow())
        {
            throw new InputException("state", "This authorisation is unknown or has expired; connect the account again.");
        }

        var context = await access.ResolveAsync(actor, pending.WorkspaceId);
        if (context is null || !context.Can(Permission.ManageChannels))
            throw new InputException("state", "You can no longer manage the channels of this workspace.");

        var instance = new Uri(pending.Instance);
        var redirectUri = new Uri(pending.RedirectUri);
        var authorization = mastodon.CreateAuthorization(guard);
        var app = await MastodonAppAsync(authorization, instance, redirectUri, cancellationToken);
        var request = new MastodonAuthorizationRequest(instance, app, redirectUri, state, connectors.Unseal(pending.CodeVerifier), instance);
        var token = await authorization.CompleteAuthorizationAsync(request, state, code, cancellationToken);
        if (!token.Succeeded) throw new InputException("code", Explain(token));

        var channelId = Guid.CreateVersion7();
        var tested = await connectors.Create(ChannelNetworks.Mastodon, new ChannelConnection(channelId.ToString(), instance, token.Value!.ToJson()))
            .TestAsync(cancellationToken);
        if (!tested.Succeeded) throw new InputException("code", Explain(tested));
        var who = tested.Value!;
        var credentials = token.Value with { AccountId = who.RemoteId };
        var account = who.Handle ?? $"{who.RemoteId}@{instance.Host}";
        return await SaveAsync(context, channelId, ChannelNetworks.Mastodon, pending.Name ?? Shorten(who.DisplayName, account), account, instance,
            credentials.ToJson(), cancellationToken);
    }
}
