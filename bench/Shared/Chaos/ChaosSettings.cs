namespace Tuner.Bench.Chaos;

/// <summary>How a soak runs: its cluster, how long and how often it kills, how many jobs run at once.</summary>
/// <param name="Postgres">An admin connection string to a PostgreSQL server; the soak creates a fresh database on it.</param>
/// <param name="Chaos">How long processes are killed; then the jobs are left to finish.</param>
/// <param name="KillEveryMin">The shortest pause between two kills.</param>
/// <param name="KillEveryMax">The longest pause between two kills.</param>
/// <param name="ConcurrentJobs">Jobs kept running at once while the chaos lasts (a finished one is replaced).</param>
/// <param name="MaxJobs">At most this many jobs in all (null: as many as the chaos lasts).</param>
/// <param name="Drain">How long the jobs get to finish after the chaos.</param>
/// <param name="Seed">The kill schedule's random seed: which victim, when.</param>
/// <param name="KillHosts">Whether the job manager's host is killed too (false: workers only).</param>
/// <param name="LogDirectory">Where every process's whole output is kept, one file per process (null: nowhere).</param>
/// <param name="FixedWorkerPorts">Whether a restarted worker comes back on its own Akka port, as a worker container restarted
/// in its pod does (deploy/k8s: the pod keeps its IP, the port is 4053): a new incarnation at the dead one's address. By
/// default each start takes any free port.</param>
internal sealed record ChaosSettings(
    string Postgres,
    TimeSpan Chaos,
    TimeSpan KillEveryMin,
    TimeSpan KillEveryMax,
    int ConcurrentJobs,
    int? MaxJobs,
    TimeSpan Drain,
    int Seed,
    bool KillHosts = true,
    string? LogDirectory = null,
    bool FixedWorkerPorts = false)
{
    public const int Coordinators = 3;
    public const int Workers = 3;
}
