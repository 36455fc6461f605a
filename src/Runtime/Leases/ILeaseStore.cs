namespace Tuner.Runtime.Leases;

/// <summary>Where leases are kept: one row per lease name with its owner and expiry, judged by the store's own
/// clock so that nodes' clocks never have to agree.</summary>
public interface ILeaseStore
{
    /// <summary>Takes lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="timeToLive"/>
    /// from now when it is free, expired or already the owner's; false when another owner holds it unexpired.
    /// Throws when the store cannot be asked (unreachable, timed out): then nothing is known.</summary>
    Task<bool> TryTakeAsync(string name, string owner, TimeSpan timeToLive, CancellationToken cancellation);

    /// <summary>Deletes the lease if <paramref name="owner"/> holds it (expired or not).</summary>
    Task ReleaseAsync(string name, string owner, CancellationToken cancellation);
}
