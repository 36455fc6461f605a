using Akka.Actor;
using static Tuner.Contracts.Protocol.LeaseProtocol;

namespace Tuner.Runtime.Leases;

/// <summary>On a coordinator: takes and releases leases in the database for nodes that have no database
/// (<see cref="RelayedLeaseStore"/>). It answers only what the database said; when the database cannot be asked,
/// <see cref="LeaseUnavailable"/>.</summary>
public sealed class LeaseRelayActor : ReceiveActor
{
    /// <summary>The relay's name under <c>/user</c> on every coordinator.</summary>
    public const string Name = "lease-relay";

    public LeaseRelayActor(ILeaseStore store, TimeSpan operationTimeout)
    {
        Receive<TakeLease>(take => Answer(take.Name, async ct =>
            await store.TryTakeAsync(take.Name, take.Owner, TimeSpan.FromMilliseconds(take.TimeToLiveMs), ct)).PipeTo(Sender));
        Receive<ReleaseLease>(release => Answer(release.Name, async ct =>
        {
            await store.ReleaseAsync(release.Name, release.Owner, ct);
            return true;
        }).PipeTo(Sender));

        async Task<Tuner.Contracts.Protocol.ITunerMessage> Answer(string name, Func<CancellationToken, Task<bool>> ask)
        {
            using var timeout = new CancellationTokenSource(operationTimeout);
            try { return new LeaseAnswer(name, await ask(timeout.Token)); }
            catch (Exception e) { return new LeaseUnavailable(name, e.GetBaseException().Message); }
        }
    }

    public static Props Props(ILeaseStore store, TimeSpan operationTimeout) => Akka.Actor.Props.Create(() => new LeaseRelayActor(store, operationTimeout));
}
