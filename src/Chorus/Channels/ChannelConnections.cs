using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Chorus.Workspaces;
using Dapper;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// Connects accounts: the network's descriptor reads its connect form and builds the connection, the network is
/// asked whether it accepts it, and only then is the channel stored. Networks connected by OAuth go through
/// <see cref="ChannelAuthorizations"/> first.
/// </summary>
public sealed class ChannelConnections(
    NpgsqlDataSource dataSource,
    NetworkCatalog networks,
    ChannelConnectors connectors,
    ChannelAuthorizations authorizations,
    SsrfGuard guard,
    ChannelHealthSchedule schedule,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The network with this id; bad input naming the known ones when there is none.</summary>
    public NetworkDescriptor NetworkOf(string? network) => networks.Find(network)
        ?? throw new InputException("network", $"'{network}' is not a network Chorus connects to; use one of {string.Join(", ", networks.Ids)}.");

    /// <inheritdoc cref="ConnectAsync(WorkspaceContext, string?, string?, IReadOnlyDictionary{string, string?}, Uri?, CancellationToken)"/>
    public Task<ConnectResult> ConnectAsync(WorkspaceContext context, ConnectRequest request, Uri? redirectUri = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ConnectAsync(context, request.Network, request.Name, request.Fields(), redirectUri, cancellationToken);
    }

    /// <summary>
    /// Connects an account after the network accepted its credentials (nothing is stored when it does not), or for a
    /// network connected by OAuth returns the page where the person authorises Chorus. Connecting an account the
    /// workspace already has reconnects it: new credentials, healthy again, same name and id.
    /// </summary>
    /// <param name="fields">The values of the network's connect form, by field name.</param>
    /// <param name="redirectUri">Where an OAuth network sends the person back (the web app's callback page).</param>
    public async Task<ConnectResult> ConnectAsync(WorkspaceContext context, string? network, string? name, IReadOnlyDictionary<string, string?> fields,
        Uri? redirectUri = null, CancellationToken cancellationToken = default)
    {
        var descriptor = NetworkOf(network);
        var errors = new InputErrors();
        var channelName = string.IsNullOrWhiteSpace(name) ? null : errors.Check(() => Input.Required("name", name, ChannelService.NameMaxLength));
        if (descriptor.OAuth is { } oauth)
        {
            if (redirectUri is null)
            {
                throw new InputException("network",
                    $"A {descriptor.DisplayName} account is connected from the web app: {descriptor.DisplayName} sends you back to it after you authorise Chorus.");
            }
            var server = oauth.ServerOf(await ReadFormAsync(descriptor, fields, errors, cancellationToken));
            return new ConnectResult(null, await authorizations.StartAsync(context, descriptor, server, channelName, redirectUri, cancellationToken));
        }

        var form = await ReadFormAsync(descriptor, fields, errors, cancellationToken);
        var connection = descriptor.Connection(form);
        var channelId = Guid.CreateVersion7();
        var latestCredentials = connection.CredentialsJson;
        var connector = descriptor.Connectors.Create(new ChannelConnection(channelId.ToString(), connection.BaseUrl, connection.CredentialsJson ?? "{}",
            (refreshed, _) =>
            {
                // A session opened during the test (Bluesky) is kept, so the channel starts with its tokens.
                latestCredentials = refreshed;
                return Task.CompletedTask;
            }));
        var tested = await connector.TestAsync(cancellationToken);
        if (!tested.Succeeded) throw new InputException(descriptor.FieldOf(tested), ConnectorFailure.Explain(tested));

        var who = tested.Value!;
        var account = descriptor.AccountOf(who, form, connection);
        var channel = await SaveAsync(context, channelId, descriptor.Id, channelName ?? Shorten(who.DisplayName, account), account, connection.BaseUrl,
            connection.CredentialsJson is null ? null : latestCredentials, cancellationToken);
        return new ConnectResult(channel, null);
    }

    /// <summary>
    /// Finishes connecting an OAuth account when the network sends the person back with the state and a code (see
    /// <see cref="ChannelAuthorizations.CompleteAsync"/> for what is checked), then tests and stores the channel.
    /// </summary>
    public async Task<Channel> CompleteAuthorizationAsync(Actor actor, string? network, string? state, string? code, CancellationToken cancellationToken = default)
    {
        var descriptor = NetworkOf(network);
        var oauth = descriptor.OAuth ?? throw new InputException("network", $"{descriptor.DisplayName} accounts are not connected by authorisation.");
        var granted = await authorizations.CompleteAsync(actor, descriptor, state, code, cancellationToken);

        var channelId = Guid.CreateVersion7();
        var tested = await descriptor.Connectors.Create(new ChannelConnection(channelId.ToString(), granted.Server, granted.CredentialsJson))
            .TestAsync(cancellationToken);
        if (!tested.Succeeded) throw new InputException("code", ConnectorFailure.Explain(tested));
        var who = tested.Value!;
        var (account, credentials) = oauth.Connected(who, granted.Server, granted.CredentialsJson);
        return await SaveAsync(granted.Context, channelId, descriptor.Id, granted.Name ?? Shorten(who.DisplayName, account), account, granted.Server,
            credentials, cancellationToken);
    }

    /// <summary>The network's form checked, with every wrong field of it and of <paramref name="errors"/> (the channel's name) at once.</summary>
    private async Task<ConnectForm> ReadFormAsync(NetworkDescriptor descriptor, IReadOnlyDictionary<string, string?> fields, InputErrors errors,
        CancellationToken cancellationToken)
    {
        try
        {
            var form = await descriptor.ReadFormAsync(fields, guard, cancellationToken);
            errors.ThrowIfAny();
            return form;
        }
        catch (ConnectFieldException wrong)
        {
            foreach (var (field, reason) in wrong.Errors) errors.Add(field, reason);
            errors.ThrowIfAny();
            throw;
        }
    }

    private static string Shorten(string? text, string fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback[..Math.Min(fallback.Length, ChannelService.NameMaxLength)] : text.Trim()[..Math.Min(text.Trim().Length, ChannelService.NameMaxLength)];

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
            saved.Id.ToString(), new { network, account, name, reconnected = !saved.Inserted }, cancellationToken: cancellationToken);
        if (saved.Inserted) await schedule.EnqueueNextAsync(connection, transaction, saved.Id, context.WorkspaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ChannelRows.OneAsync(connection, saved.Id, cancellationToken);
    }
}
