using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;
using Tuner.Runtime.Membership;
using Tuner.Coordinator.Jobs;
using static Akka.Cluster.ClusterEvent;

namespace Tuner.Cli.Hosting.Downing;

/// <summary>Downs unreachable members when <see cref="ChurnDowningPolicy"/> says this node decides: workers as soon as
/// they are unreachable (unless this node still hears them, or has just become Up and their address has not refused a
/// connection), coordinators once they have been for stable-after (checked every second). Runs on every coordinator.</summary>
public sealed class ChurnDowningActor : ReceiveActor, IWithTimers
{
    public const string Name = "churn-downing";

    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UniqueAddress, DateTime> _unreachableSince = [];
    /// <summary>Addresses that refused a connection from this node since a member there was last Up or reachable.</summary>
    private readonly HashSet<Address> _refused = [];
    private readonly TimeSpan _stableAfter = Context.System.Settings.Config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after", TimeSpan.FromSeconds(20));
    private DateTime? _selfUpAt;

    public ChurnDowningActor()
    {
        Receive<UnreachableMember>(e =>
        {
            _unreachableSince.TryAdd(e.Member.UniqueAddress, DateTime.UtcNow);
            Consider(e.Member);
        });
        Receive<ReachableMember>(e =>
        {
            _unreachableSince.Remove(e.Member.UniqueAddress);
            _refused.Remove(e.Member.Address);
        });
        Receive<MemberUp>(e =>
        {
            if (e.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) _selfUpAt ??= DateTime.UtcNow;
            _refused.Remove(e.Member.Address);
        });
        // A node that became the deciding coordinator (the older one died) looks again at who is unreachable.
        Receive<MemberRemoved>(e =>
        {
            _unreachableSince.Remove(e.Member.UniqueAddress);
            _refused.Remove(e.Member.Address);
            ConsiderAll();
        });
        Receive<AssociationErrorEvent>(e =>
        {
            if (!ConnectionRefusal.IsRefusal(e.Cause) || !_refused.Add(e.RemoteAddress)) return;
            foreach (var member in _cluster.State.Unreachable)
                if (member.Address.Equals(e.RemoteAddress)) Consider(member);
        });
        Receive<Check>(_ => ConsiderAll());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new ChurnDowningActor());

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(UnreachableMember), typeof(ReachableMember), typeof(MemberRemoved), typeof(MemberUp));
        Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
        Timers.StartPeriodicTimer(Check.Instance, Check.Instance, CheckInterval);
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void ConsiderAll()
    {
        foreach (var member in _cluster.State.Unreachable) Consider(member);
    }

    private void Consider(Member unreachable)
    {
        var state = _cluster.State;
        var byAge = state.Members.OrderBy(m => m, Member.AgeOrdering).Select(m => m.UniqueAddress).ToList();
        NodeView View(Member member) =>
            new(member.Address.ToString(), member.HasRole(JobManagerHosting.CoordinatorRole), member.HasRole(ChurnDowningPolicy.WorkerRole),
                member.Status, !state.Unreachable.Contains(member), byAge.IndexOf(member.UniqueAddress) is var rank and >= 0 ? rank : int.MaxValue);
        var since = _unreachableSince.TryGetValue(unreachable.UniqueAddress, out var at) ? at : DateTime.UtcNow;
        var members = state.Members.Select(View).ToList();
        var own = _cluster.OwnDetectionOf(unreachable.Address);
        var upFor = _selfUpAt is { } up ? DateTime.UtcNow - up : TimeSpan.Zero;
        var refused = _refused.Contains(unreachable.Address);
        var decision = ChurnDowningPolicy.Decide(View(unreachable), own, refused, DateTime.UtcNow - since, upFor, View(_cluster.SelfMember), members, _stableAfter);
        switch (decision)
        {
            case DowningDecision.Keep:
                return;
            case DowningDecision.CoordinatorAfterStableAfter:
                _log.Warning("Downing unreachable coordinator {Address}: unreachable for stable-after while the split-brain resolver waited for members to stop changing", unreachable.Address.ToString());
                break;
            case DowningDecision.WorkerAfterStableAfter:
                _log.Warning("Downing unreachable worker {Address}: unreachable for stable-after ({How})", unreachable.Address.ToString(),
                    own == OwnDetection.Available ? "other nodes do not hear it, this node does" : "this node has just become Up and its own links may be what failed");
                break;
            case DowningDecision.WorkerAtOnce:
                _log.Info("Downing unreachable worker {Address}: workers are downed at once, so their deaths do not hold up the split-brain resolver{Refused}",
                    unreachable.Address.ToString(), refused ? " (its address refuses connections)" : "");
                break;
        }
        _cluster.Down(unreachable.Address);
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
