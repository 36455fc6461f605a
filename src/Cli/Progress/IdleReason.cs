using Tuner.Cli.Output;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>Why a job has had nothing running for a while (<see cref="IdleJobWatch"/>), in words, from the workers the
/// coordinator hears from (<c>GET /api/workers</c>). Pure.</summary>
internal static class IdleReason
{
    /// <summary>When the workers are not known (not asked yet, or the coordinator did not answer).</summary>
    public const string Unknown = "waiting for a free worker slot (no worker has joined, or other jobs hold every slot)";

    public static string Of(WorkerRoster? roster)
    {
        if (roster is null) return Unknown;
        var workers = roster.Workers;
        if (workers.Count == 0) return $"no worker has joined (start one: tuner worker --seeds {SeedsArgument(roster.Seeds)})";
        var idle = workers.Sum(w => w.IdleSlots);
        var running = workers.Sum(w => w.Running);
        if (idle > 0) return $"{Quantity.Of(idle, "worker slot")} idle on {Quantity.Of(workers.Count, "worker")}, none taken by this job yet";
        return $"every worker slot is busy: {Quantity.Of(running, "trial")} of other jobs running on {Quantity.Of(workers.Count, "worker")}";
    }

    /// <summary>The coordinators' addresses as <c>--seeds</c> takes them; a placeholder in the form they take when the
    /// coordinator did not say (an older one).</summary>
    private static string SeedsArgument(IReadOnlyList<string>? seeds) =>
        seeds is { Count: > 0 } ? string.Join(',', seeds) : "akka.tcp://tuner@HOST:4053 (a coordinator's --hostname and --port)";
}
