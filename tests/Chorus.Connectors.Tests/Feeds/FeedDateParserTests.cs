using Chorus.Connectors.Feeds;

namespace Chorus.Connectors.Tests.Feeds;

public class FeedDateParserTests
{
    [Theory]
    [InlineData("Sat, 21 Nov 2026 06:12:44 +0000", "2026-11-21T06:12:44+00:00")]
    [InlineData("Sat, 21 Nov 2026 06:12:44 GMT", "2026-11-21T06:12:44+00:00")]
    [InlineData("Sat, 21 Nov 2026 06:12:44 UT", "2026-11-21T06:12:44+00:00")]
    [InlineData("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T04:00:00-05:00")]
    [InlineData("Tue, 10 Jun 2003 04:00:00 EDT", "2003-06-10T04:00:00-04:00")]
    [InlineData("Mon, 3 Jul 2023 09:15 PDT", "2023-07-03T09:15:00-07:00")]
    [InlineData("3 Jul 2023 09:15:00 CEST", "2023-07-03T09:15:00+02:00")]
    [InlineData("Thu, 01 Jan 04 12:00:00 +0100", "2004-01-01T12:00:00+01:00")]
    [InlineData("Sun, 1 Nov 2026 22:58:31 +01:00", "2026-11-01T22:58:31+01:00")]
    [InlineData("mer., 05 mars 2025 14:03:00 +0100", "2025-03-05T14:03:00+01:00")]
    [InlineData("lundi, 3 février 2025 08:00:00 GMT", "2025-02-03T08:00:00+00:00")]
    [InlineData("Sam, 5 déc. 2026 10:00 +0100", "2026-12-05T10:00:00+01:00")]
    [InlineData("Wed, 18 Nov 2026 9:05 +0100", "2026-11-18T09:05:00+01:00")]
    [InlineData("21 Nov 2026", "2026-11-21T00:00:00+00:00")]
    [InlineData("Sat, 21 Nov 2026 06:12:44", "2026-11-21T06:12:44+00:00")]
    [InlineData("2026-11-21T06:12:44Z", "2026-11-21T06:12:44+00:00")]
    [InlineData("2026-11-21T06:12:44.512-08:00", "2026-11-21T06:12:44.512-08:00")]
    [InlineData("2026-11-21T06:12:44+0200", "2026-11-21T06:12:44+02:00")]
    [InlineData("2026-11-21 06:12:44", "2026-11-21T06:12:44+00:00")]
    [InlineData("2026-11-21T06:12", "2026-11-21T06:12:00+00:00")]
    [InlineData("2026-11-21", "2026-11-21T00:00:00+00:00")]
    [InlineData("20261121T061244Z", "2026-11-21T06:12:44+00:00")]
    [InlineData("  2026-11-21T06:12:44Z\n ", "2026-11-21T06:12:44+00:00")]
    public void Parse_FormatSeenInFeeds_ReturnsTheInstant(string text, string expected)
    {
        FeedDateParser.Parse(text).ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hier soir")]
    [InlineData("Sat, 31 Feb 2026 10:00:00 GMT")]
    [InlineData("Sat, 21 Foo 2026 10:00:00 GMT")]
    [InlineData("Sat, 21 Nov 2026 25:00:00 GMT")]
    [InlineData("Sat, 21 Nov 2026 10:00:00 XYZ")]
    [InlineData("2026-13-45T99:99:99Z")]
    [InlineData("0000-00-00 00:00:00")]
    [InlineData("Sat, 21 Nov 2026 10:00:00 +9999")]
    public void Parse_Garbage_ReturnsNull(string? text)
    {
        FeedDateParser.Parse(text).ShouldBeNull();
    }

    // Found by FeedParserPropertyTests: valid texts for instants past year 9999 in UTC threw ArgumentOutOfRangeException.
    [Theory]
    [InlineData("Fri, 31 Dec 9999 23:59:60 GMT")]
    [InlineData("31 Dec 9999 23:00 -1400")]
    [InlineData("31 Dec 9999 23:59:59 EST")]
    public void Parse_InstantBeyondYear9999_ReturnsNull(string text)
    {
        FeedDateParser.Parse(text).ShouldBeNull();
    }

    [Fact]
    public void Parse_LastInstantThatFits_IsKept()
    {
        FeedDateParser.Parse("31 Dec 9999 23:59:59 GMT").ShouldBe(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero));
        FeedDateParser.Parse("01 Jan 2000 00:00:00 +1400").ShouldBe(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)));
    }
}
