using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chorus.Connectors.Abstractions;

/// <summary>The stored form of a connector's credentials record (camelCase JSON, nulls left out).</summary>
internal static class CredentialsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T credentials) => JsonSerializer.Serialize(credentials, Options);

    /// <summary>Reads credentials and checks the required fields; the error names the network and the field.</summary>
    public static T Read<T>(string json, string network, params (Func<T, string?> Value, string Field)[] required)
        where T : class
    {
        T? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{network} credentials: not valid JSON ({ex.Message}).", nameof(json), ex);
        }

        if (credentials is null)
        {
            throw new ArgumentException($"{network} credentials: empty.", nameof(json));
        }

        foreach (var (value, field) in required)
        {
            if (string.IsNullOrWhiteSpace(value(credentials)))
            {
                throw new ArgumentException($"{network} credentials: '{field}' is required.", nameof(json));
            }
        }

        return credentials;
    }
}
