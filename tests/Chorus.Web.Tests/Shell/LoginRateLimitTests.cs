using System.Net;
using Chorus.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Web.Tests.Shell;

/// <summary>A class of its own: its app instance has its own limiter, so other tests' sign-ins do not count.</summary>
public sealed class LoginRateLimitTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task LoginForm_MoreThanTenPostsAMinuteFromOneAddress_429()
    {
        await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@y.test", ["password"] = "guess " + i }));
            statuses.Add(response.StatusCode);
        }

        statuses.Take(10).ShouldNotContain(HttpStatusCode.TooManyRequests);
        statuses.Skip(10).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}
