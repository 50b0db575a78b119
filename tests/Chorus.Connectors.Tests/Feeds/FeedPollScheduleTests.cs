using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Feeds;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Feeds;

public class FeedPollScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly FeedOptions _options = new()
    {
        PollInterval = TimeSpan.FromMinutes(30),
        FirstRetryDelay = TimeSpan.FromMinutes(5),
        MaxBackoff = TimeSpan.FromHours(6),
    };

    private FeedPollSchedule Schedule => new(_options, _time);

    private static ConnectorResult<FeedDownload> Success(string etag) =>
        ConnectorResult.Ok(new FeedDownload(true, null, new FeedState(etag, null)));

    [Fact]
    public void After_ConsecutiveFailures_WaitsExponentiallyLongerUpToTheCap()
    {
        var state = FeedPollState.New;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            state = Schedule.After(state, ConnectorResult.Transient("the feed server answered 500").As<FeedDownload>());
            waits.Add(state.NextPollAt!.Value - Start);
        }

        waits.Select(w => w.TotalMinutes).ShouldBe([5, 10, 20, 40, 80, 160, 320, 360]);
        state.ConsecutiveFailures.ShouldBe(8);
        state.LastError.ShouldBe("the feed server answered 500");
    }

    [Fact]
    public void After_SuccessFollowingFailures_ResetsToTheNormalIntervalAndKeepsNewValidators()
    {
        var failing = new FeedPollState(new FeedState("\"old\"", null), 5, Start, "down");

        var state = Schedule.After(failing, Success("\"new\""));

        state.ConsecutiveFailures.ShouldBe(0);
        state.NextPollAt.ShouldBe(Start + TimeSpan.FromMinutes(30));
        state.Validators!.ETag.ShouldBe("\"new\"");
        state.LastError.ShouldBeNull();
    }

    [Fact]
    public void After_RateLimitedWithLaterRetryAfter_WaitsUntilRetryAfter()
    {
        var until = Start + TimeSpan.FromHours(2);

        var state = Schedule.After(FeedPollState.New, ConnectorResult.RateLimited(until, "429").As<FeedDownload>());

        state.NextPollAt.ShouldBe(until);
    }

    [Fact]
    public void After_RateLimitedWithShortRetryAfter_StillBacksOff()
    {
        var state = Schedule.After(new FeedPollState(null, 2, null, null),
            ConnectorResult.RateLimited(Start.AddSeconds(10), "429").As<FeedDownload>());

        state.NextPollAt.ShouldBe(Start + TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void After_Failure_KeepsPreviousValidatorsForTheNextConditionalGet()
    {
        var previous = new FeedPollState(new FeedState("\"v1\"", "Sat, 21 Nov 2026 06:00:00 GMT"), 0, null, null);

        var state = Schedule.After(previous, ConnectorResult.Transient("timeout").As<FeedDownload>());

        state.Validators.ShouldBe(previous.Validators);
    }

    [Fact]
    public void IsDue_BeforeAndAfterNextPoll_FollowsTheClock()
    {
        var state = Schedule.After(FeedPollState.New, Success("\"x\""));
        Schedule.IsDue(state).ShouldBeFalse();

        _time.Advance(TimeSpan.FromMinutes(30));

        Schedule.IsDue(state).ShouldBeTrue();
        Schedule.IsDue(FeedPollState.New).ShouldBeTrue();
    }

    [Fact]
    public void Backoff_HugeFailureCount_DoesNotOverflow()
    {
        Schedule.Backoff(int.MaxValue).ShouldBe(TimeSpan.FromHours(6));
    }
}
