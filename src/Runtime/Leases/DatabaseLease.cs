using System.Data.Common;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Coordination;
using Akka.Event;
using Tuner.Runtime.Configuration;

namespace Tuner.Runtime.Leases;

/// <summary>An Akka.Coordination lease kept in the journal's database (<see cref="SqlLeaseStore"/>), or, on a node
/// without the database, through a coordinator's relay (<see cref="RelayedLeaseStore"/>). Used by the split-brain
/// resolver (lease-majority: the side that takes the lease lives) and by the job-manager singleton (it runs only
/// while its node holds the lease). A holder renews every <c>heartbeat-interval</c>; the database lets another owner
/// take the lease <c>heartbeat-timeout</c> after the last renewal; the holder itself stops trusting it two heartbeats
/// sooner (<see cref="LeaseHolding"/>) and says so through the lost callback.
/// Config (the lease's block, see docs/deploy.md): <c>database-kind</c> (<c>PostgreSql</c>, <c>Sqlite</c>, or empty: use
/// the relay), <c>connection-string</c>, <c>coordinator-role</c>, and <c>release-after-stopped</c>: an actor path whose
/// actor must have stopped before a release gives the lease up (the job manager: its in-flight journal writes end first).</summary>
public sealed class DatabaseLease : Lease
{
    private static readonly TimeSpan OutageSaidEvery = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system;
    private readonly ILeaseStore _store;
    private readonly LeaseHolding _holding;
    private readonly LeaseRefusals _refusals;
    private readonly LeaseOutage _outage;
    private readonly ILoggingAdapter _log;
    private readonly string? _releaseAfterStopped;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource? _heartbeat;
    private IActorRef? _guarded;

    public DatabaseLease(LeaseSettings settings, ActorSystem system) : this(settings, system, StoreFor(settings, system), TimeProvider.System) { }

    public DatabaseLease(LeaseSettings settings, ActorSystem system, ILeaseStore store, TimeProvider clock) : base(settings)
    {
        _system = system;
        _store = store;
        _log = Akka.Event.Logging.GetLogger(system, $"lease:{settings.LeaseName}");
        _holding = new LeaseHolding(Timeouts.HeartbeatTimeout, Timeouts.HeartbeatInterval * 2, clock);
        // Two times to live: longer than any hand-over waits for a dead holder's row to expire.
        _refusals = new LeaseRefusals(Timeouts.HeartbeatTimeout * 2, clock);
        _outage = new LeaseOutage(OutageSaidEvery, clock);
        var guarded = settings.LeaseConfig.GetString("release-after-stopped", "");
        _releaseAfterStopped = string.IsNullOrWhiteSpace(guarded) ? null : guarded;
    }

    private TimeoutSettings Timeouts => Settings.TimeoutSettings;

    private string Name => Settings.LeaseName;

    private string Owner => Settings.OwnerName;

    public override bool CheckLease() => _holding.IsHeld;

    public override Task<bool> Acquire() => Acquire(null!);

    public override async Task<bool> Acquire(Action<Exception> leaseLostCallback)
    {
        await _gate.WaitAsync();
        try
        {
            var sent = _holding.Now();
            bool taken;
            using (var timeout = new CancellationTokenSource(Timeouts.OperationTimeout))
            {
                try { taken = await _store.TryTakeAsync(Name, Owner, Timeouts.HeartbeatTimeout, timeout.Token); }
                catch (Exception e) when (e is DbException or IOException or TimeoutException or OperationCanceledException or SocketException)
                {
                    // Not taken, which is what an exception would mean to Akka too, without its error and stack per try.
                    if (_outage.Failed())
                        _log.Warning("Lease {0}: the database does not answer ({1}); {2} keeps asking (this line repeats every {3} s while it lasts)",
                            Name, e.GetBaseException().Message, Owner, OutageSaidEvery.TotalSeconds);
                    return false;
                }
            }
            if (_outage.Answered() is { } lasted) _log.Info("Lease {0}: the database answers again, after {1:0} s", Name, lasted.TotalSeconds);
            if (!taken)
            {
                var notice = _refusals.Refused();
                if (notice == LeaseRefusals.Notice.First)
                    _log.Info("Lease {0} is held by another owner; {1} keeps asking until it is free (after a holder's crash: once its row expires)", Name, Owner);
                else if (notice == LeaseRefusals.Notice.TooLong)
                    _log.Warning("Lease {0} has been held by another owner for over {1} s and {2} cannot get it: if no other coordinator of this " +
                        "cluster is running, another cluster uses this database (--db / TUNER_DB); give each cluster its own database, or join the " +
                        "running one with --seeds", Name, (int)(Timeouts.HeartbeatTimeout * 2).TotalSeconds, Owner);
                return false;
            }
            _holding.Taken(sent);
            _refusals.Taken();
            if (_heartbeat is null)
            {
                _heartbeat = new CancellationTokenSource();
                _guarded = null; // a new holding guards the actor started after it, not one stopped before
                _ = KeepAsync(leaseLostCallback, _heartbeat.Token);
                _log.Info("Lease {0} taken by {1}", Name, Owner);
            }
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task<bool> Release()
    {
        try
        {
            // Keep renewing while the guarded actor finishes: until it has stopped, nobody else may start its successor.
            if (_releaseAfterStopped is not null) await GuardedStoppedAsync();
            await _gate.WaitAsync();
            try
            {
                StopRenewing();
                using var timeout = new CancellationTokenSource(Timeouts.OperationTimeout);
                await _store.ReleaseAsync(Name, Owner, timeout.Token);
                _log.Info("Lease {0} released by {1}", Name, Owner);
                return true;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception e)
        {
            _log.Warning("Lease {0}: releasing failed ({1}); it expires {2} s after its last renewal", Name, e.GetBaseException().Message, Timeouts.HeartbeatTimeout.TotalSeconds);
            return false;
        }
    }

    /// <summary>Renews every heartbeat-interval while held; reports the lease lost when another owner has it, or when
    /// renewals kept failing until the holder can no longer trust it.</summary>
    private async Task KeepAsync(Action<Exception>? lost, CancellationToken stop)
    {
        var wait = Timeouts.HeartbeatInterval;
        try
        {
            while (true)
            {
                await Task.Delay(wait, stop);
                if (_releaseAfterStopped is not null && _guarded is null) _guarded = await TryResolveGuardedAsync();
                var left = _holding.Remaining;
                if (left <= TimeSpan.Zero)
                {
                    Lost(lost, new LeaseTimeoutException($"lease {Name}: not renewed for {_holding.Validity.TotalSeconds} s"));
                    return;
                }
                var sent = _holding.Now();
                bool? renewed;
                using (var timeout = new CancellationTokenSource(left < Timeouts.OperationTimeout ? left : Timeouts.OperationTimeout))
                using (var both = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stop))
                {
                    try { renewed = await _store.TryTakeAsync(Name, Owner, Timeouts.HeartbeatTimeout, both.Token); }
                    catch (Exception e) when (!stop.IsCancellationRequested)
                    {
                        _log.Warning("Lease {0}: renewing failed ({1}); {2:0.#} s left before it is given up", Name, e.GetBaseException().Message, _holding.Remaining.TotalSeconds);
                        renewed = null;
                    }
                }
                stop.ThrowIfCancellationRequested();
                if (renewed == true)
                {
                    _holding.Taken(sent);
                    _refusals.Taken();
                    wait = Timeouts.HeartbeatInterval;
                }
                else if (renewed == false)
                {
                    Lost(lost, new LeaseException($"lease {Name}: another owner took it"));
                    return;
                }
                else
                {
                    // Retry soon, but be back by the deadline to report the loss on time.
                    var remaining = _holding.Remaining;
                    wait = remaining < Timeouts.HeartbeatInterval ? remaining : Timeouts.HeartbeatInterval;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Not expected; without renewals the holder must not go on believing it holds the lease.
            Lost(lost, new LeaseException($"lease {Name}: renewing stopped: {e.Message}", e));
        }
    }

    private void Lost(Action<Exception>? lost, Exception reason)
    {
        _log.Warning("Lease {0} lost by {1}: {2}", Name, Owner, reason.Message);
        _holding.Dropped();
        Interlocked.Exchange(ref _heartbeat, null)?.Dispose();
        try { lost?.Invoke(reason); }
        catch (Exception e) { _log.Error(e, "Lease {0}: the lost callback failed", Name); }
    }

    private void StopRenewing()
    {
        _holding.Dropped();
        var heartbeat = Interlocked.Exchange(ref _heartbeat, null);
        heartbeat?.Cancel();
        heartbeat?.Dispose();
    }

    private async Task GuardedStoppedAsync()
    {
        var guarded = _guarded ?? await TryResolveGuardedAsync();
        if (guarded is null) return;
        _log.Info("Lease {0}: waiting for {1} to stop before releasing", Name, guarded.Path);
        await guarded.WatchAsync();
        _guarded = null;
    }

    private async Task<IActorRef?> TryResolveGuardedAsync()
    {
        try { return await _system.ActorSelection(_releaseAfterStopped).ResolveOne(TimeSpan.FromSeconds(3)); }
        catch (ActorNotFoundException) { return null; }
    }

    private static ILeaseStore StoreFor(LeaseSettings settings, ActorSystem system)
    {
        var config = settings.LeaseConfig;
        var kind = config.GetString("database-kind", "");
        if (string.IsNullOrWhiteSpace(kind))
            return new RelayedLeaseStore(system, config.GetString("coordinator-role", "coordinator"), settings.TimeoutSettings.OperationTimeout);
        var target = new DatabaseTarget(Enum.Parse<DatabaseKind>(kind), config.GetString("connection-string"), kind);
        return new SqlLeaseStore(target);
    }
}
