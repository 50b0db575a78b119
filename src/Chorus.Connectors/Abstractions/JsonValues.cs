using System.Globalization;
using System.Text.Json;

namespace Chorus.Connectors.Abstractions;

/// <summary>Reads fields from network JSON tolerantly: a missing or differently typed optional field is null, a missing
/// required one is a <see cref="FormatException"/> (which <see cref="ConnectorHttp"/> maps to Transient).</summary>
internal static class JsonValues
{
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static DateTimeOffset Instant(JsonElement element, string property) =>
        DateTimeOffset.TryParse(Text(element, property), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new FormatException($"'{property}' is missing or not a date");

    /// <summary>The items of a JSON array: <paramref name="element"/> itself, or its <paramref name="property"/>.</summary>
    public static IEnumerable<JsonElement> List(JsonElement element, string? property = null)
    {
        var list = property is null ? element
            : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value
            : default;
        return list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw new FormatException(property is null ? "expected a list" : $"the answer has no '{property}' list");
    }
}
