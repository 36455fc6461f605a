using Akka.Actor;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Membership;

namespace Tuner.Coordinator.Jobs;

/// <summary>How the JobManager and its job actors behave; one instance per coordinator node.</summary>
/// <param name="BlobStore">Checkpoints and datasets: a folder in local mode, the database in cluster mode.</param>
public sealed record CoordinatorSettings(IBlobStore BlobStore)
{
    /// <summary>After a restart, how long attempts that were running may take to report in before they are requeued
    /// (20 s in cluster mode; 0 in local mode, where no worker can outlive the coordinator).</summary>
    public TimeSpan AttemptLease { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A running attempt not heard from (assignment, epochs, heartbeats — a worker sends one every 5 s) for this
    /// long is requeued: the safety net for an assignment or a decline lost while both nodes stay up. Zero: off.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A trial whose worker is lost this many times in a row (no result, no hand-back between) fails with why,
    /// rather than being tried again: a trial that crashes its worker — or exhausts its memory, and the kernel kills
    /// it — would otherwise take down every worker in turn, for ever. Five, not fewer: where workers die often for other
    /// reasons (the chaos soak kills one every few seconds), an innocent trial is unlucky three times in a row far more
    /// often than five.</summary>
    public int LostAttemptsPerTrial { get; init; } = 5;

    /// <summary>A job actor saves a snapshot every this many journal entries (or, for a big job, as many as it has attempts).</summary>
    public int SnapshotInterval { get; init; } = 200;

    /// <summary>A running job's summary reaches the job list and the subscribers at most this often (a busy job changes
    /// hundreds of times a second); a final one at once.</summary>
    public TimeSpan SummaryInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the manager waits for a job to answer an offer before trying the next job.</summary>
    public TimeSpan OfferTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First and longest delay before a stopped job actor or job manager (a failed recovery or journal write) is
    /// started again (<see cref="RestartedOnStop"/>).</summary>
    public TimeSpan JobRestartMinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan JobRestartMaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where a csv job's relative <c>data.path</c> is read from when a spec names a file instead of carrying
    /// its content (local mode: the spec file's folder); null: the current directory.</summary>
    public string? SpecBaseDirectory { get; init; }

    /// <summary>Whether jobs recovered from the journal are offered work at once (a cluster's coordinator resumes every
    /// job after a restart). Local mode: only once the command submits the job again — a database (./tuner.db by
    /// default) may hold other runs' unfinished jobs, which the workers of this run trained in the background.</summary>
    public bool ResumeRecoveredJobs { get; init; } = true;

    /// <summary>Shown the journal's writes (tuner run: <c>LocalDiskSpace</c>, which says a full disk under the journal and
    /// under the blob store itself, once and with what to do: then a job's line per failed store of a result's checkpoint,
    /// one per resend every 3 s, is debug); null (a coordinator): a failed write is logged as Akka.Persistence logs it, with
    /// its stack trace, and those lines stay warnings.</summary>
    public IJournalWatch? JournalWatch { get; init; }

    /// <summary>The clock stamped on events (tests pin it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>What this node's own failure detector says of a cluster member (the specs say it without a cluster).</summary>
    public Func<ActorSystem, Address, OwnDetection> OwnDetection { get; init; } = (system, member) =>
        system.IsCluster() ? Akka.Cluster.Cluster.Get(system).OwnDetectionOf(member) : Runtime.Membership.OwnDetection.NotMonitored;

    /// <summary>Local single-node mode (<c>tuner run</c>): no leases, workers die with the process and lose no message.</summary>
    public static CoordinatorSettings Local(IBlobStore blobStore) => new(blobStore) { AttemptLease = TimeSpan.Zero, SilenceTimeout = TimeSpan.Zero, ResumeRecoveredJobs = false };

    /// <summary>Cluster mode (<c>tuner coordinator</c>).</summary>
    public static CoordinatorSettings Cluster(IBlobStore blobStore) => new(blobStore);
}
