using System.Net;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Tests.Abstractions;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ParseRetryAfter_DeltaSeconds_AddsToNow() =>
        RateLimitHeaders.ParseRetryAfter("120", Now).ShouldBe(Now.AddSeconds(120));

    [Fact]
    public void ParseRetryAfter_HttpDate_ReturnsThatInstant() =>
        RateLimitHeaders.ParseRetryAfter("Sun, 01 Mar 2026 12:05:30 GMT", Now).ShouldBe(Now.AddMinutes(5).AddSeconds(30));

    [Fact]
    public void ParseRetryAfter_DateInThePast_ReturnsNow() =>
        RateLimitHeaders.ParseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", Now).ShouldBe(Now);

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void ParseRetryAfter_Garbage_ReturnsNull(string value) =>
        RateLimitHeaders.ParseRetryAfter(value, Now).ShouldBeNull();

    [Fact]
    public void ParseReset_UnixSeconds_ReturnsThatInstant() =>
        RateLimitHeaders.ParseReset(Now.AddMinutes(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Now)
            .ShouldBe(Now.AddMinutes(3));

    [Fact]
    public void ParseReset_SmallNumber_IsSecondsToWait() =>
        RateLimitHeaders.ParseReset("30", Now).ShouldBe(Now.AddSeconds(30));

    [Fact]
    public void ParseReset_Iso8601_ReturnsThatInstant() =>
        RateLimitHeaders.ParseReset("2026-03-01T12:10:00.000Z", Now).ShouldBe(Now.AddMinutes(10));

    [Fact]
    public void ReadRetryAt_RetryAfterDelta_WinsOverResetHeader()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "7");
        response.Headers.TryAddWithoutValidation("RateLimit-Reset", "60");

        RateLimitHeaders.ReadRetryAt(response.Headers, Now).ShouldBe(Now.AddSeconds(7));
    }

    [Fact]
    public void ReadRetryAt_RetryAfterHttpDate_ReturnsThatInstant()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Mar 2026 13:00:00 GMT");

        RateLimitHeaders.ReadRetryAt(response.Headers, Now).ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public void ReadRetryAt_OnlyXRateLimitReset_UsesIt()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "2026-03-01T12:01:00Z");

        RateLimitHeaders.ReadRetryAt(response.Headers, Now).ShouldBe(Now.AddMinutes(1));
    }

    [Fact]
    public void ReadRetryAt_NoHeaders_ReturnsNull()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        RateLimitHeaders.ReadRetryAt(response.Headers, Now).ShouldBeNull();
    }
}
