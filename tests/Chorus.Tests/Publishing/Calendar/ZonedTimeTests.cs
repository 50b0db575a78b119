using Chorus.Publishing.Calendar;

namespace Chorus.Tests.Publishing.Calendar;

/// <summary>Wall-clock times in IANA zones across the 2027 summer-time changes of Europe/Paris (28 March, 31 October).</summary>
public sealed class ZonedTimeTests
{
    private static readonly TimeZoneInfo Paris = ZonedTime.Zone("timeZone", "Europe/Paris");

    [Theory]
    [InlineData("2027-03-27T09:00", "2027-03-27T08:00:00Z")] // the day before summer time: UTC+1
    [InlineData("2027-03-28T09:00", "2027-03-28T07:00:00Z")] // the day it starts (02:00 → 03:00): UTC+2
    [InlineData("2027-03-29T09:00", "2027-03-29T07:00:00Z")]
    [InlineData("2027-10-30T09:00", "2027-10-30T07:00:00Z")] // the day before winter time: UTC+2
    [InlineData("2027-10-31T09:00", "2027-10-31T08:00:00Z")] // the day it ends (03:00 → 02:00): UTC+1
    [InlineData("2027-11-01T09:00", "2027-11-01T08:00:00Z")]
    public void NineInParis_EachSideOfTheChange_TheRightInstant(string wallClock, string utc)
    {
        var instant = ZonedTime.Parse("at", wallClock, Paris);

        instant.ShouldBe(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        ZonedTime.ForInput(instant, Paris).ShouldBe(wallClock);
    }

    [Fact]
    public void SkippedHour_Refused_NamingTheFieldAndWhy()
    {
        var refused = Should.Throw<InputException>(() => ZonedTime.Parse("at", "2027-03-28T02:30", Paris));

        refused.Field.ShouldBe("at");
        refused.Message.ShouldContain("does not exist in Europe/Paris");
    }

    [Fact]
    public void RepeatedHour_TheFirstOccurrence_StillSummerTime()
    {
        ZonedTime.Parse("at", "2027-10-31T02:30", Paris).ShouldBe(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void WithAnOffset_ThatInstant_WhateverTheZone()
    {
        ZonedTime.Parse("at", "2027-03-28T09:00:00-04:00", Paris).ShouldBe(new DateTimeOffset(2027, 3, 28, 13, 0, 0, TimeSpan.Zero));
        ZonedTime.Parse("at", "2027-03-28T09:00:00Z", Paris).ShouldBe(new DateTimeOffset(2027, 3, 28, 9, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Romance Standard Time")] // a Windows name
    [InlineData("Europe/Atlantis")]
    [InlineData("")]
    public void NotAnIanaZone_Refused(string id)
    {
        Should.Throw<InputException>(() => ZonedTime.Zone("timeZone", id)).Field.ShouldBe("timeZone");
    }

    [Theory]
    [InlineData("28/03/2027 09:00")]
    [InlineData("2027-03-28 9h")]
    [InlineData("tomorrow")]
    public void NotATime_Refused(string text)
    {
        Should.Throw<InputException>(() => ZonedTime.Parse("at", text, Paris)).Message.ShouldContain("is not a time");
    }
}
