using System.Text.Json;
using System.Text.Json.Serialization;
using Chorus.Connectors.Abstractions;
using Dapper;
using Npgsql;

namespace Chorus.Channels;

/// <summary>A connected account as people and the API see it: never its credentials.</summary>
public sealed record Channel(
    Guid Id,
    Guid WorkspaceId,
    string Network,
    string Name,
    string Account,
    string? BaseUrl,
    string Status,
    string? StatusReason,
    DateTimeOffset? CheckedAt,
    DateTimeOffset CreatedAt)
{
    public const string Healthy = "healthy";
    public const string Broken = "broken";

    public bool IsBroken => Status == Broken;
}

/// <summary>What connecting a channel needs: the network, an optional name, and the fields of the network's connect
/// form (its descriptor lists them). The fields of the networks Chorus ships with are named here for the API's
/// documentation; any other field is taken by its name from the JSON body.</summary>
/// <param name="Url">Bluesky server (optional, bsky.social by default), WordPress site, Mastodon instance, or feed URL.</param>
/// <param name="Handle">Bluesky handle (or DID).</param>
/// <param name="AppPassword">Bluesky app password.</param>
/// <param name="Username">WordPress user name.</param>
/// <param name="Password">WordPress application password.</param>
public sealed record ConnectRequest(
    string? Network,
    string? Name = null,
    string? Url = null,
    string? Handle = null,
    string? AppPassword = null,
    string? Username = null,
    string? Password = null)
{
    /// <summary>Fields of connect forms not named above, by their names in the form.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; init; }

    /// <summary>Every field given, by its name in the network's connect form.</summary>
    public IReadOnlyDictionary<string, string?> Fields()
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["url"] = Url, ["handle"] = Handle, ["appPassword"] = AppPassword, ["username"] = Username, ["password"] = Password,
        };
        foreach (var (name, value) in OtherFields ?? [])
        {
            fields[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new InputException(name, "A connect-form field is a string."),
            };
        }
        return fields;
    }
}

/// <summary>A connected channel, or (networks connected by OAuth) the page where the person authorises Chorus.</summary>
public sealed record ConnectResult(Channel? Channel, Uri? AuthorizeUrl);

/// <summary>The answer of a channel's network to a test.</summary>
public sealed record ChannelCheck(bool Succeeded, string? Reason, Channel Channel);

/// <summary>Reads channels for the services of this module (never their credentials).</summary>
internal static class ChannelRows
{
    public const string Columns = "id, workspace_id, network, name, account, base_url, status, status_reason, checked_at, created_at";

    public static async Task<IEnumerable<Channel>> QueryAsync(NpgsqlConnection connection, string sql, object parameters, CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<(Guid Id, Guid WorkspaceId, string Network, string Name, string Account, string? BaseUrl, string Status,
            string? StatusReason, DateTime? CheckedAt, DateTime CreatedAt)>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new Channel(r.Id, r.WorkspaceId, r.Network, r.Name, r.Account, r.BaseUrl, r.Status, r.StatusReason,
            r.CheckedAt is { } checkedAt ? new DateTimeOffset(DateTime.SpecifyKind(checkedAt, DateTimeKind.Utc)) : null,
            new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc))));
    }

    public static async Task<Channel> OneAsync(NpgsqlConnection connection, Guid channelId, CancellationToken cancellationToken) =>
        (await QueryAsync(connection, $"select {Columns} from channels where id = @channelId", new { channelId }, cancellationToken)).Single();
}

/// <summary>How a network's refusal reads in an error beside a field.</summary>
internal static class ConnectorFailure
{
    public static string Explain(ConnectorResult failure) => failure.Outcome switch
    {
        ConnectorOutcome.Permanent => failure.Reason ?? "The network refused without saying why.",
        ConnectorOutcome.RateLimited => $"The network asks us to wait before trying again: {failure.Reason}",
        _ => $"Could not reach it: {failure.Reason}",
    };
}
