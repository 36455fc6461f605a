namespace Tuner.Bench.Chaos;

/// <summary>One SIGKILL of the soak and how long the cluster took to recover from it.</summary>
/// <param name="Kind"><c>worker</c> or <c>singleton-host</c> (the coordinator hosting the job manager).</param>
/// <param name="AtS">Seconds since the chaos began.</param>
/// <param name="SingletonMovedS">Singleton-host kills: seconds until another coordinator started the job manager.</param>
/// <param name="ProgressS">Singleton-host kills: seconds until the API showed epochs trained beyond the count at the kill.</param>
/// <param name="RequeuedS">Worker kills: seconds until a job requeued an attempt of this worker (the requeue log line
/// names the workers); null if none was (it held nothing, or its attempts ended before it died).</param>
/// <param name="JobManagerDown">Worker kills: the job manager was not running at the kill (its host had been killed and
/// no coordinator had started it again yet), so no requeue could come before it does.</param>
/// <param name="RequeuedAfterJobManagerS">Worker kills: <paramref name="RequeuedS"/> counted from the job manager's last
/// start before the requeue if that was after the kill (its host was killed before or just after the worker): the
/// requeue's own delay, without the hand-over it had to wait for.</param>
internal sealed record ChaosKill(string Kind, string Victim, double AtS, double? SingletonMovedS, double? ProgressS, double? RequeuedS, bool? JobManagerDown = null, double? RequeuedAfterJobManagerS = null);

/// <summary>A process that stopped without being killed (a node the split-brain resolver downed exits) and was started
/// again, as Kubernetes restarts a pod whose process ended.</summary>
internal sealed record ChaosSelfExit(string Node, int ExitCode, double AtS);

/// <summary>A job of the soak, checked against its undisturbed run.</summary>
internal sealed record ChaosJobCheck(string JobId, string Algorithm, int Trials, string Best, IReadOnlyList<string> Problems);

/// <summary>What a soak did and found: kills survived, jobs and trials checked, problems (none: passed).</summary>
internal sealed record ChaosReport(
    double ChaosS,
    double TotalS,
    IReadOnlyList<ChaosKill> Kills,
    IReadOnlyList<ChaosSelfExit> SelfExits,
    int SelfDowningDecisions,
    IReadOnlyList<ChaosJobCheck> Jobs,
    IReadOnlyList<string> Problems,
    int ErrorLogEvents)
{
    public int TrialsChecked => Jobs.Sum(j => j.Trials);

    public bool Passed => Problems.Count == 0 && Jobs.All(j => j.Problems.Count == 0);
}
