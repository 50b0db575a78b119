using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.WordPress;
using Chorus.Workspaces;
using Dapper;

namespace Chorus.Channels;

public sealed partial class ChannelService
{
    /// <summary>
    /// Connects an account after the network accepted its credentials (nothing is stored when it does not), or for
    /// Mastodon returns the instance page where the person authorises Chorus. Connecting an account the workspace
    /// already has reconnects it: new credentials, healthy again, same name and id.
    /// </summary>
    /// <param name="mastodonRedirectUri">Where the Mastodon instance sends the person back (the web app's callback page).</param>
    public async Task<ConnectResult> ConnectAsync(WorkspaceContext context, ConnectRequest request, Uri? mastodonRedirectUri = null,
        CancellationToken cancellationToken = default)
    {
        var network = ChannelNetworks.Parse(request.Network);
        var name = string.IsNullOrWhiteSpace(request.Name) ? null : Input.Required("name", request.Name, 200);
        if (network == ChannelNetworks.Mastodon)
        {
            if (mastodonRedirectUri is null)
                throw new InputException("network", "A Mastodon account is connected from the web app: the instance sends you back to it after you authorise Chorus.");
            return new ConnectResult(null, await StartMastodonAsync(context, request.Url, name, mastodonRedirectUri, cancellationToken));
        }

        var (baseUrl, credentials) = await CredentialsOfAsync(network, request, cancellationToken);
        var channelId = Guid.CreateVersion7();
        var latestCredentials = credentials;
        var connector = connectors.Create(network, new ChannelConnection(channelId.ToString(), baseUrl, credentials ?? "{}", (refreshed, _) =>
        {
            // Bluesky opens a session during the test: keep its tokens so the channel starts with them.
            latestCredentials = refreshed;
            return Task.CompletedTask;
        }));
        var tested = await connector.TestAsync(cancellationToken);
        if (!tested.Succeeded) throw new InputException(FieldOf(network, tested), Explain(tested));

        var who = tested.Value!;
        var account = network switch
        {
            ChannelNetworks.Bluesky => who.Handle ?? request.Handle!.Trim(),
            _ => baseUrl!.AbsoluteUri,
        };
        var channel = await SaveAsync(context, channelId, network, name ?? Shorten(who.DisplayName, account), account,
            baseUrl, network == ChannelNetworks.Feed ? null : latestCredentials, cancellationToken);
        return new ConnectResult(channel, null);
    }

    /// <summary>Validates the fields of a network and builds the credentials JSON its connector reads.</summary>
    private async Task<(Uri? BaseUrl, string? Credentials)> CredentialsOfAsync(string network, ConnectRequest request, CancellationToken cancellationToken)
    {
        switch (network)
        {
            case ChannelNetworks.Bluesky:
            {
                var baseUrl = string.IsNullOrWhiteSpace(request.Url) ? null : await CheckUrlAsync(request.Url, cancellationToken);
                var handle = Input.Required("handle", request.Handle, 300).TrimStart('@');
                var appPassword = Input.Required("appPassword", request.AppPassword, 200);
                return (baseUrl, new BlueskyCredentials(handle, appPassword).ToJson());
            }
            case ChannelNetworks.WordPress:
            {
                var baseUrl = await CheckUrlAsync(request.Url, cancellationToken);
                var username = Input.Required("username", request.Username, 200);
                var password = Input.Required("password", request.Password, 200);
                return (baseUrl, Json(new WordPressCredentials(username, password)));
            }
            default:
                return (await CheckUrlAsync(request.Url, cancellationToken), null);
        }
    }

    private async Task<Uri> CheckUrlAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new InputException("url", "This field is required.");
        try
        {
            return await guard.CheckUrlAsync("url", url, cancellationToken);
        }
        catch (SsrfRejectedException refused)
        {
            throw new InputException("url", refused.Message.StartsWith("url: ", StringComparison.Ordinal) ? refused.Message[5..] : refused.Message);
        }
    }

    /// <summary>Which field a failed connection test is about: refused credentials point at the password.</summary>
    private static string FieldOf(string network, ConnectorResult failure) => network switch
    {
        ChannelNetworks.Bluesky when failure.IsAuthFailure => "appPassword",
        ChannelNetworks.Bluesky when failure.Outcome == ConnectorOutcome.Permanent => "handle",
        ChannelNetworks.WordPress when failure.IsAuthFailure => "password",
        ChannelNetworks.Mastodon => "code",
        _ => "url",
    };

    private static string Explain(ConnectorResult failure) => failure.Outcome switch
    {
        ConnectorOutcome.Permanent => failure.Reason ?? "The network refused without saying why.",
        ConnectorOutcome.RateLimited => $"The network asks us to wait before trying again: {failure.Reason}",
        _ => $"Could not reach it: {failure.Reason}",
    };

    private static string Shorten(string? text, string fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback[..Math.Min(fallback.Length, 200)] : text.Trim()[..Math.Min(text.Trim().Length, 200)];

    /// <summary>Stores a tested channel (or refreshes the one with the same account), audits it and schedules its
    /// health checks, in one transaction.</summary>
    private async Task<Channel> SaveAsync(WorkspaceContext context, Guid channelId, string network, string name, string account, Uri? baseUrl,
        string? credentialsJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var saved = await connection.QuerySingleAsync<(Guid Id, bool Inserted)>(new CommandDefinition("""
            insert into channels (id, workspace_id, network, name, account, base_url, credentials, status, checked_at, created_by, created_at)
            values (@channelId, @workspaceId, @network, @name, @account, @baseUrl, @credentials, 'healthy', @now, @userId, @now)
            on conflict (workspace_id, network, lower(account)) do update
                set base_url = excluded.base_url, credentials = excluded.credentials, status = 'healthy', status_reason = null,
                    consecutive_failures = 0, checked_at = excluded.checked_at
            returning id, (xmax = 0) as inserted
            """,
            new
            {
                channelId, workspaceId = context.WorkspaceId, network, name, account, baseUrl = baseUrl?.AbsoluteUri,
                credentials = credentialsJson is null ? null : connectors.Seal(credentialsJson), now, userId = context.Actor.UserId,
            }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "channel.connected", "channel",
            saved.Id.ToString(), new { network, account, name, reconnected = !saved.Inserted });
        if (saved.Inserted) await schedule.EnqueueNextAsync(connection, transaction, saved.Id, context.WorkspaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await QueryAsync(connection, $"select {Columns} from channels where id = @id", new { id = saved.Id }, cancellationToken)).Single();
    }
}
