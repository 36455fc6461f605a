using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

public sealed class WorkerListBuilderTests
{
    private static RunningTrial Trial(string id, string worker) =>
        new(id, $"{id}.r0.x0", worker, 1, 0, 3, null, null, null, null, 0, Hyperparameters.Empty);

    private static JobSummary Job(string id, string status, params RunningTrial[] running) =>
        new(id, id, status, "random", "val_loss", 5, 1, 4, 15, null, null, running.ToValueList(), DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void Each_worker_once_by_id_with_its_pending_idle_slots_and_its_running_trials_of_every_job()
    {
        var pending = new List<WorkMatcher<object>.Request> { new("w2", [1, 3], new object()), new("w3", [0], new object()) };
        var jobs = new[]
        {
            Job("a", JobStatuses.Running, Trial("t-1", "w1"), Trial("t-2", "w2")),
            Job("b", JobStatuses.Running, Trial("t-1", "w1")),
            Job("c", JobStatuses.Completed, Trial("t-9", "w4")), // an ended job's last summary runs nothing any more
        };
        var list = WorkerListBuilder.Build(pending, jobs);
        Assert.Equal([new WorkerSlots("w1", 0, 2), new WorkerSlots("w2", 2, 1), new WorkerSlots("w3", 1, 0)], list.Workers);
        Assert.Empty(WorkerListBuilder.Build(new List<WorkMatcher<object>.Request>(), [Job("a", JobStatuses.Running)]).Workers);
    }
}
