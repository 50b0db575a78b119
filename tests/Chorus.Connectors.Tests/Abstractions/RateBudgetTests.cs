using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Abstractions;

public sealed class RateBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAcquire_WithinCapacity_Grants()
    {
        var budget = new RateBudget(new RateBudgetOptions(3, 1, TimeSpan.FromSeconds(10)), new ManualTimeProvider(Start));

        Enumerable.Range(0, 3).Select(_ => budget.TryAcquire("channel-1").Granted).ShouldAllBe(granted => granted);
    }

    [Fact]
    public void TryAcquire_BucketEmpty_RefusesUntilNextRefill()
    {
        var time = new ManualTimeProvider(Start);
        var budget = new RateBudget(new RateBudgetOptions(2, 1, TimeSpan.FromSeconds(10)), time);
        budget.TryAcquire("c");
        budget.TryAcquire("c");
        time.Advance(TimeSpan.FromSeconds(4));

        var decision = budget.TryAcquire("c");

        decision.Granted.ShouldBeFalse();
        decision.RetryAt.ShouldBe(Start.AddSeconds(10));
    }

    [Fact]
    public void TryAcquire_AfterRefillPeriod_GrantsAgain()
    {
        var time = new ManualTimeProvider(Start);
        var budget = new RateBudget(new RateBudgetOptions(1, 1, TimeSpan.FromSeconds(10)), time);
        budget.TryAcquire("c").Granted.ShouldBeTrue();
        budget.TryAcquire("c").Granted.ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(10));

        budget.TryAcquire("c").Granted.ShouldBeTrue();
        budget.TryAcquire("c").Granted.ShouldBeFalse();
    }

    [Fact]
    public void TryAcquire_LongIdle_RefillsOnlyToCapacity()
    {
        var time = new ManualTimeProvider(Start);
        var budget = new RateBudget(new RateBudgetOptions(2, 1, TimeSpan.FromSeconds(1)), time);
        budget.TryAcquire("c");
        budget.TryAcquire("c");
        time.Advance(TimeSpan.FromHours(1));

        budget.TryAcquire("c").Granted.ShouldBeTrue();
        budget.TryAcquire("c").Granted.ShouldBeTrue();
        budget.TryAcquire("c").Granted.ShouldBeFalse();
    }

    [Fact]
    public void TryAcquire_PartialPeriods_KeepRefillSchedule()
    {
        var time = new ManualTimeProvider(Start);
        var budget = new RateBudget(new RateBudgetOptions(3, 1, TimeSpan.FromSeconds(10)), time);
        for (var i = 0; i < 3; i++)
        {
            budget.TryAcquire("c");
        }

        time.Advance(TimeSpan.FromSeconds(15));
        budget.TryAcquire("c").Granted.ShouldBeTrue();

        // The half period already elapsed counts towards the next token.
        time.Advance(TimeSpan.FromSeconds(5));
        budget.TryAcquire("c").Granted.ShouldBeTrue();
    }

    [Fact]
    public void TryAcquire_OtherChannelExhausted_StillGrants()
    {
        var budget = new RateBudget(new RateBudgetOptions(1, 1, TimeSpan.FromMinutes(1)), new ManualTimeProvider(Start));
        budget.TryAcquire("busy");
        budget.TryAcquire("busy").Granted.ShouldBeFalse();

        budget.TryAcquire("quiet").Granted.ShouldBeTrue();
    }

    [Fact]
    public void PauseUntil_NetworkReset_RefusesUntilThatInstant()
    {
        var time = new ManualTimeProvider(Start);
        var budget = new RateBudget(new RateBudgetOptions(10, 10, TimeSpan.FromSeconds(1)), time);
        budget.PauseUntil("c", Start.AddMinutes(5));

        time.Advance(TimeSpan.FromMinutes(4));
        var during = budget.TryAcquire("c");
        time.Advance(TimeSpan.FromMinutes(1));
        var after = budget.TryAcquire("c");

        during.ShouldBe(new RateDecision(false, Start.AddMinutes(5)));
        after.Granted.ShouldBeTrue();
    }

    [Fact]
    public void TryAcquire_MoreTokensThanCapacity_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() =>
            new RateBudget(new RateBudgetOptions(2, 1, TimeSpan.FromSeconds(1)), TimeProvider.System).TryAcquire("c", 3));

    [Fact]
    public void Constructor_ZeroCapacity_ThrowsNamingTheField() =>
        Should.Throw<ArgumentOutOfRangeException>(() =>
            new RateBudget(new RateBudgetOptions(0, 1, TimeSpan.FromSeconds(1)), TimeProvider.System)).ParamName.ShouldBe("Capacity");
}
