using static Tuner.Coordinator.Jobs.Manager.JobManagerEvents;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>The JobManager's state: every registered job in registration order. Changed only by <see cref="Apply"/>.</summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobRegistered> _byId = new(StringComparer.Ordinal);
    private readonly List<JobRegistered> _jobs = [];

    public IReadOnlyList<JobRegistered> Jobs => _jobs;

    public bool Contains(string jobId) => _byId.ContainsKey(jobId);

    public JobRegistered? Find(string jobId) => _byId.GetValueOrDefault(jobId);

    public void Apply(JobRegistered registered)
    {
        if (!_byId.TryAdd(registered.JobId, registered))
            throw new InvalidOperationException($"job {registered.JobId} was registered twice");
        _jobs.Add(registered);
    }
}
