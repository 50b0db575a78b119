namespace Chorus.Connectors.Abstractions;

/// <summary>How a call to a network ended; the app's job queue decides what to do from this alone.</summary>
public enum ConnectorOutcome
{
    Succeeded,
    /// <summary>The network asked us to slow down; <see cref="ConnectorResult.RetryAt"/> says until when when it told us.</summary>
    RateLimited,
    /// <summary>Worth retrying later (5xx, timeout, connection lost, unreadable answer).</summary>
    Transient,
    /// <summary>Retrying the same call will fail the same way (bad input, refused, auth).</summary>
    Permanent,
}

/// <summary>Outcome of a connector call without a value (delete, mute, block...).</summary>
public record ConnectorResult
{
    protected ConnectorResult(ConnectorOutcome outcome, string? reason, DateTimeOffset? retryAt, bool isAuthFailure, string? networkErrorCode = null)
    {
        Outcome = outcome;
        Reason = reason;
        RetryAt = retryAt;
        IsAuthFailure = isAuthFailure;
        NetworkErrorCode = networkErrorCode;
    }

    public ConnectorOutcome Outcome { get; }

    /// <summary>A sentence a person understands, including the network's own error text when it gave one.</summary>
    public string? Reason { get; }

    /// <summary>When the network said we may try again (Retry-After or rate-limit reset headers).</summary>
    public DateTimeOffset? RetryAt { get; }

    /// <summary>The credentials are wrong, expired or revoked: the app marks the channel broken.</summary>
    public bool IsAuthFailure { get; }

    /// <summary>The network's machine-readable error code when it sent one ("ExpiredToken", "rest_post_invalid_id").</summary>
    public string? NetworkErrorCode { get; }

    public bool Succeeded => Outcome == ConnectorOutcome.Succeeded;

    public static ConnectorResult Ok() => new(ConnectorOutcome.Succeeded, null, null, false);

    public static ConnectorResult<T> Ok<T>(T value) => new(value);

    public static ConnectorResult RateLimited(DateTimeOffset? retryAt, string reason, string? networkErrorCode = null) =>
        new(ConnectorOutcome.RateLimited, reason, retryAt, false, networkErrorCode);

    public static ConnectorResult Transient(string reason, DateTimeOffset? retryAt = null, string? networkErrorCode = null) =>
        new(ConnectorOutcome.Transient, reason, retryAt, false, networkErrorCode);

    public static ConnectorResult Permanent(string reason, bool isAuthFailure = false, string? networkErrorCode = null) =>
        new(ConnectorOutcome.Permanent, reason, null, isAuthFailure, networkErrorCode);

    /// <summary>Carries this failure over to a call that would have returned a value.</summary>
    public ConnectorResult<T> As<T>()
    {
        if (Succeeded)
        {
            throw new InvalidOperationException("Only a failure can be carried over to another result type.");
        }

        return new ConnectorResult<T>(Outcome, Reason, RetryAt, IsAuthFailure, NetworkErrorCode);
    }

    public override string ToString() =>
        Succeeded ? "Succeeded" : $"{Outcome}{(IsAuthFailure ? " (auth)" : "")}: {Reason}{(RetryAt is { } at ? $" (retry at {at:O})" : "")}";
}

/// <summary>Outcome of a connector call that yields a value when it succeeds.</summary>
public sealed record ConnectorResult<T> : ConnectorResult
{
    internal ConnectorResult(T value)
        : base(ConnectorOutcome.Succeeded, null, null, false) => Value = value;

    internal ConnectorResult(ConnectorOutcome outcome, string? reason, DateTimeOffset? retryAt, bool isAuthFailure, string? networkErrorCode)
        : base(outcome, reason, retryAt, isAuthFailure, networkErrorCode)
    {
    }

    /// <summary>The value; meaningful only when <see cref="ConnectorResult.Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>The value of a successful result; throws with the failure reason otherwise.</summary>
    public T GetValueOrThrow() =>
        Succeeded ? Value! : throw new InvalidOperationException($"The connector call did not succeed: {this}");

    public override string ToString() => base.ToString();
}
