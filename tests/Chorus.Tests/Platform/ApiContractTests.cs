using System.Text.Json;
using Chorus.Tests.Support;

namespace Chorus.Tests.Platform;

/// <summary>The OpenAPI document is the API's contract: every operation says what it answers on success and how it fails.</summary>
public sealed class ApiContractTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task OpenApiDocument_EveryOperation_DeclaresATypedSuccessAndItsProblemResponses()
    {
        using var client = app.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var failures = new List<string>();
        var operations = 0;

        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                operations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var responses = operation.Value.GetProperty("responses");
                var statuses = responses.EnumerateObject().ToDictionary(r => r.Name, r => r.Value);

                var successes = statuses.Keys.Where(s => s.StartsWith('2')).ToList();
                if (successes.Count == 0) failures.Add($"{name}: no success response");
                foreach (var success in successes.Where(s => s != "204"))
                {
                    if (!statuses[success].TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var json)
                        || !json.TryGetProperty("schema", out _))
                        failures.Add($"{name}: {success} has no JSON schema");
                }

                var required = new List<string> { "401" };
                if (path.Name.Contains("{workspaceId}", StringComparison.Ordinal)) required.AddRange(["403", "404"]);
                if (path.Name.Contains('{')) required.Add("404");
                var takesBody = operation.Value.TryGetProperty("requestBody", out _);
                var takesQuery = operation.Value.TryGetProperty("parameters", out var parameters)
                    && parameters.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "query");
                if (takesBody || takesQuery) required.Add("400");
                if (takesBody) required.AddRange(["413", "415"]);
                foreach (var status in required.Distinct().Where(s => !statuses.ContainsKey(s))) failures.Add($"{name}: does not declare {status}");

                foreach (var (status, response) in statuses.Where(s => s.Key.StartsWith('4')))
                {
                    if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem))
                        failures.Add($"{name}: {status} is not declared as application/problem+json");
                    else if (status == "400" && !problem.GetProperty("schema").GetRawText().Contains("HttpValidationProblemDetails", StringComparison.Ordinal))
                        failures.Add($"{name}: 400 is not a validation problem (errors by field)");
                }

                if (!operation.Value.TryGetProperty("security", out var security) || security.GetArrayLength() == 0)
                    failures.Add($"{name}: declares no security requirement (the API takes tokens only)");
            }
        }

        operations.ShouldBeGreaterThan(20);
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenApiDocument_DescriptionNamesEveryGroupOfOperations_AndEverySchemaPropertyHasAType()
    {
        using var client = app.CreateClient();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var description = document.GetProperty("info").GetProperty("description").GetString()!;
        var tags = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            .SelectMany(o => o.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!))
            .Distinct().ToList();

        tags.ShouldContain("Channels");
        tags.ShouldContain("Jobs");
        tags.Where(t => !description.Contains(t, StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        var untyped = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(schema => schema.Value.TryGetProperty("properties", out _))
            .SelectMany(schema => schema.Value.GetProperty("properties").EnumerateObject()
                .Where(p => !p.Value.EnumerateObject().Any(k => k.Name is "type" or "$ref" or "oneOf" or "anyOf" or "enum"))
                .Select(p => $"{schema.Name}.{p.Name}"))
            .ToList();
        untyped.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApiReferencePage_ServedFromThePackage_WithANonceForItsOneInlineScript()
    {
        using var client = app.CreateClient();

        using var page = await client.GetAsync("/api/reference/");
        var html = await page.Content.ReadAsStringAsync();
        using var script = await client.GetAsync("/api/reference/scalar.js");

        page.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        nonce.ShouldNotBeEmpty();
        html.ShouldContain($"nonce=\"{nonce}\"");
        html.ShouldContain("openapi/v1.json");
        policy.ShouldNotContain("unsafe-eval");
        script.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await script.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(100_000);
        // The rest of the app keeps the strict policy.
        using var login = await client.GetAsync("/login");
        login.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("nonce-");
    }
}
