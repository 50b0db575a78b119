using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Bluesky;

public sealed class RecordKeyTests
{
    [Fact]
    public void NewTid_Always_IsAValidTid()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

        Enumerable.Range(0, 200).Select(_ => RecordKey.NewTid(time)).ShouldAllBe(tid => RecordKey.IsTid(tid));
    }

    [Fact]
    public void NewTid_LaterTime_SortsAfter()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var first = RecordKey.NewTid(time);
        time.Advance(TimeSpan.FromSeconds(1));

        string.CompareOrdinal(RecordKey.NewTid(time), first).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("3jzfcijpj2z2a", true)]
    [InlineData("7777777777777", true)]
    [InlineData("3jzfcijpj2z2", false)]
    [InlineData("3jzfcijpj2z21", false)]
    [InlineData("zjzfcijpj2z2a", false)]
    [InlineData("3JZFCIJPJ2Z2A", false)]
    [InlineData("", false)]
    public void IsTid_Examples(string value, bool expected) => RecordKey.IsTid(value).ShouldBe(expected);
}
