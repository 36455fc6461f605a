using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>The workers the job manager knows of (<see cref="JobProtocol.GetWorkers"/>), from the two things it hears:
/// the idle slots of workers' pending requests and the trials the jobs' summaries show running. A worker whose every slot
/// trains is known by its trials alone; one with nothing running by its request alone.</summary>
internal static class WorkerListBuilder
{
    public static JobProtocol.WorkerList Build<TWorker>(IEnumerable<WorkMatcher<TWorker>.Request> pending, IEnumerable<JobSummary> summaries)
        where TWorker : class
    {
        var workers = new SortedDictionary<string, (int Idle, int Running)>(StringComparer.Ordinal);
        foreach (var request in pending)
        {
            workers.TryGetValue(request.WorkerId, out var known);
            workers[request.WorkerId] = (known.Idle + request.Slots.Count, known.Running);
        }
        foreach (var summary in summaries)
        {
            if (summary.IsFinal) continue;
            foreach (var trial in summary.Running)
            {
                workers.TryGetValue(trial.Worker, out var known);
                workers[trial.Worker] = (known.Idle, known.Running + 1);
            }
        }
        return new JobProtocol.WorkerList(workers.Select(w => new WorkerSlots(w.Key, w.Value.Idle, w.Value.Running)).ToValueList());
    }
}
