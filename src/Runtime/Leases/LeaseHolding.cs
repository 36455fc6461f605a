namespace Tuner.Runtime.Leases;

/// <summary>What a holder may believe about its own lease. The store keeps the lease until
/// <c>timeToLive</c> after the store ran the holder's last successful take; the holder counts from the moment it
/// <em>sent</em> that take (earlier, so never later than the store) and gives the lease up <paramref name="safetyMargin"/>
/// sooner still: that margin is the time what the lease guards has to stop before anyone else can take it.</summary>
public sealed class LeaseHolding(TimeSpan timeToLive, TimeSpan safetyMargin, TimeProvider clock)
{
    private long? _validUntil;

    /// <summary>How long a take is trusted for after it was sent.</summary>
    public TimeSpan Validity { get; } = timeToLive - safetyMargin > TimeSpan.Zero
        ? timeToLive - safetyMargin
        : throw new ArgumentException($"the safety margin {safetyMargin} must be shorter than the time to live {timeToLive}");

    public bool IsHeld => Remaining > TimeSpan.Zero;

    /// <summary>How long the lease may still be trusted without another successful take (zero when not held).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (_validUntil is not { } until) return TimeSpan.Zero;
            var now = clock.GetTimestamp();
            return now >= until ? TimeSpan.Zero : clock.GetElapsedTime(now, until);
        }
    }

    /// <summary>A timestamp to pass to <see cref="Taken"/> once the take sent now succeeds.</summary>
    public long Now() => clock.GetTimestamp();

    /// <summary>The take sent at <paramref name="sentAt"/> succeeded.</summary>
    public void Taken(long sentAt)
    {
        var until = sentAt + (long)(Validity.TotalSeconds * clock.TimestampFrequency);
        if (_validUntil is not { } current || until > current) _validUntil = until;
    }

    /// <summary>Released, or found taken by another owner: not held from now on.</summary>
    public void Dropped() => _validUntil = null;
}
