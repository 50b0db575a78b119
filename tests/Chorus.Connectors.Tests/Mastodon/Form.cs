using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Mastodon;

/// <summary>Reads the form fields (urlencoded or multipart) and query parameters a request carried.</summary>
internal static class Form
{
    public static List<(string Name, string Value)> Fields(RecordedRequest request)
    {
        if (request.ContentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Multipart(request);
        }

        return Pairs(request.BodyText);
    }

    public static List<(string Name, string Value)> Query(RecordedRequest request) => Pairs(request.Query.TrimStart('?'));

    public static string? One(List<(string Name, string Value)> fields, string name) =>
        fields.Where(f => f.Name == name).Select(f => f.Value).SingleOrDefault();

    public static List<string> All(List<(string Name, string Value)> fields, string name) =>
        fields.Where(f => f.Name == name).Select(f => f.Value).ToList();

    private static List<(string Name, string Value)> Pairs(string encoded) =>
        encoded.Length == 0
            ? []
            : encoded.Split('&').Select(pair =>
            {
                var parts = pair.Split('=', 2);
                return (Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : "");
            }).ToList();

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static List<(string Name, string Value)> Multipart(RecordedRequest request)
    {
        var boundary = request.ContentType.Split("boundary=", 2)[1].Trim('"');
        var fields = new List<(string, string)>();
        foreach (var part in request.BodyText.Split("--" + boundary))
        {
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                continue;
            }

            var headers = part[..split];
            var name = System.Text.RegularExpressions.Regex.Match(headers, "name=\"?([^\";\r\n]+)\"?").Groups[1].Value;
            var file = System.Text.RegularExpressions.Regex.Match(headers, "filename=\"?([^\";\r\n]+)\"?");
            var body = part[(split + 4)..].TrimEnd('\r', '\n', '-');
            fields.Add((name, file.Success ? $"file:{file.Groups[1].Value}" : body));
        }

        return fields;
    }
}
