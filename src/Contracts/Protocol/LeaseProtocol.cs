namespace Tuner.Contracts.Protocol;

/// <summary>A node without the database (a worker) takes and releases a lease through a coordinator's
/// lease relay: only a side of the cluster that holds a coordinator able to reach the database can win a lease.</summary>
public static class LeaseProtocol
{
    /// <summary>Take (or keep) lease <paramref name="Name"/> for <paramref name="Owner"/> for
    /// <paramref name="TimeToLiveMs"/> from now, unless another owner holds it unexpired.</summary>
    public sealed record TakeLease(string Name, string Owner, long TimeToLiveMs) : ITunerMessage;

    /// <summary>Give up lease <paramref name="Name"/> if <paramref name="Owner"/> holds it.</summary>
    public sealed record ReleaseLease(string Name, string Owner) : ITunerMessage;

    /// <summary>The database's answer: the lease is (still) the owner's, or another owner holds it.</summary>
    public sealed record LeaseAnswer(string Name, bool Granted) : ITunerMessage;

    /// <summary>The relay could not ask the database (it is down, or timed out): no answer either way.</summary>
    public sealed record LeaseUnavailable(string Name, string Error) : ITunerMessage;
}
