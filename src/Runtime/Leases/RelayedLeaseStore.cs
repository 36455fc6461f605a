using Akka.Actor;
using Akka.Cluster;
using Akka.Coordination;
using static Tuner.Contracts.Protocol.LeaseProtocol;

namespace Tuner.Runtime.Leases;

/// <summary>The lease store of a node without the database (a worker): asks the lease relay of a coordinator it can
/// reach, oldest first, until one answers. A side of the cluster with no reachable coordinator, or none that reaches
/// the database, gets no answer at all: such a side can never win a lease, so workers can neither keep a cluster
/// alive without its coordinators nor tip a decision between them.</summary>
public sealed class RelayedLeaseStore(ActorSystem system, string coordinatorRole, TimeSpan askTimeout) : ILeaseStore
{
    public async Task<bool> TryTakeAsync(string name, string owner, TimeSpan timeToLive, CancellationToken cancellation)
    {
        var errors = new List<string>();
        foreach (var coordinator in ReachableCoordinators())
        {
            try
            {
                var answer = await Relay(coordinator).Ask<object>(new TakeLease(name, owner, (long)timeToLive.TotalMilliseconds), askTimeout, cancellation);
                if (answer is LeaseAnswer granted) return granted.Granted;
                if (answer is LeaseUnavailable unavailable) errors.Add($"{coordinator}: {unavailable.Error}");
            }
            catch (AskTimeoutException)
            {
                errors.Add($"{coordinator}: no answer in {askTimeout.TotalSeconds:0.#} s");
            }
        }
        throw new LeaseException(errors.Count == 0
            ? $"lease {name}: no coordinator is reachable from this node to ask the database"
            : $"lease {name}: no coordinator could ask the database ({string.Join("; ", errors)})");
    }

    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellation)
    {
        foreach (var coordinator in ReachableCoordinators())
        {
            try
            {
                if (await Relay(coordinator).Ask<object>(new ReleaseLease(name, owner), askTimeout, cancellation) is LeaseAnswer) return;
            }
            catch (AskTimeoutException) { }
        }
        throw new LeaseException($"lease {name}: no coordinator could release it; it expires on its own");
    }

    private IEnumerable<Address> ReachableCoordinators()
    {
        var state = Cluster.Get(system).State;
        return state.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(coordinatorRole) && !state.Unreachable.Contains(m))
            .OrderBy(m => m, Member.AgeOrdering)
            .Select(m => m.Address)
            .ToList();
    }

    private ActorSelection Relay(Address coordinator) => system.ActorSelection(new RootActorPath(coordinator) / "user" / LeaseRelayActor.Name);
}
