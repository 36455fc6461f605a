using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;
using Tuner.Runtime.Membership;
using static Akka.Cluster.ClusterEvent;

namespace Tuner.Cli.Hosting.Links;

/// <summary>Resets this node's association with an unreachable member when <see cref="LinkResetPolicy"/> says so
/// (checked every second). Runs on every node.</summary>
public sealed class LinkResetActor : ReceiveActor, IWithTimers
{
    public const string Name = "link-reset";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UniqueAddress, DateTime> _upAt = [];
    private readonly HashSet<UniqueAddress> _reset = [];

    public LinkResetActor()
    {
        Receive<MemberUp>(e => _upAt.TryAdd(e.Member.UniqueAddress, DateTime.UtcNow));
        Receive<MemberRemoved>(e =>
        {
            _upAt.Remove(e.Member.UniqueAddress);
            _reset.Remove(e.Member.UniqueAddress);
        });
        Receive<Check>(_ => CheckUnreachable());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new LinkResetActor());

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(MemberUp), typeof(MemberRemoved));
        Timers.StartPeriodicTimer(Check.Instance, Check.Instance, CheckInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void CheckUnreachable()
    {
        var now = DateTime.UtcNow;
        DateTime? selfUpAt = _upAt.TryGetValue(_cluster.SelfUniqueAddress, out var self) ? self : null;
        foreach (var member in _cluster.State.Unreachable)
        {
            if (member.Status is MemberStatus.Down or MemberStatus.Removed or MemberStatus.Exiting) continue;
            DateTime? memberUpAt = _upAt.TryGetValue(member.UniqueAddress, out var up) ? up : null;
            if (!LinkResetPolicy.ShouldReset(_cluster.OwnDetectionOf(member.Address), selfUpAt, memberUpAt, _reset.Contains(member.UniqueAddress), now)) continue;
            _reset.Add(member.UniqueAddress);
            _log.Warning("Resetting the association with {Address}, which this node no longer hears, {Seconds:F0} s after the younger of the two became Up: both ends associate afresh after the retry gate",
                member.Address.ToString(), (now - (memberUpAt is { } m && m > self ? m : self)).TotalSeconds);
            ((IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Transport.Quarantine(member.Address, null);
        }
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
