using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Runtime.Tests.Serialization;

/// <summary>One sample of every message type in Contracts; the round-trip test fails for a type without one.</summary>
internal static class MessageSamples
{
    private static readonly Hyperparameters Hp = Hyperparameters.Empty
        .With("units", HyperparameterValue.Int(128)).With("dropout", HyperparameterValue.Float(0.1)).With("cell", HyperparameterValue.String("gru"));

    private static readonly ValueList<EpochMetrics> History = new[] { new EpochMetrics(1, 0.5, 0.4), new EpochMetrics(2, double.NaN, null) }.ToValueList();

    private static readonly JobSummary Summary = new("sine-1", "sine", JobStatuses.Running, "hyperband", "val_loss", 3, 1, 12, 357, "t-0001", 0.0123,
        new[] { new RunningTrial("t-0002", "t-0002.r0.x0", "worker-a", 2, 0, 3, 0.5, 0.6, 1, 2, 0, Hp) }.ToValueList(), DateTimeOffset.UnixEpoch, null);

    public static IEnumerable<object> All() =>
    [
        new WorkProtocol.RequestWork("w1", [new WorkProtocol.SlotRequest(0, 2), new WorkProtocol.SlotRequest(3, 0)]),
        new WorkProtocol.TrialAssignment("job", "t-1.r0.x0#1", "w1", 0, "t-1.r0.x0", "t-1", Hp, 42, 0, 3, null, "ckpt/job/t-1.r0.x0", "{}", "data/abc"),
        new WorkProtocol.TrialAssignments([
            new WorkProtocol.TrialAssignment("job", "t-1.r0.x0#1", "w1", 0, "t-1.r0.x0", "t-1", Hp, 42, 0, 3, null, "ckpt/job/t-1.r0.x0", "{\"a\":1}", null),
            new WorkProtocol.TrialAssignment("job", "t-2.r0.x0#1", "w1", 3, "t-2.r0.x0", "t-2", Hp, 43, 1, 3, "ckpt/job/t-0.r0.x0", "ckpt/job/t-2.r0.x0", "{}", "data/abc")]),
        new WorkProtocol.StopAttempt("job", "a", "cancelled"),
        new TrialProtocol.EpochDone("job", "a", "w", new EpochMetrics(3, 0.1, 0.2), 1.5),
        new TrialProtocol.AttemptHeartbeat("job", "a", "w1", 2),
        new TrialProtocol.AttemptFinished("job", "a", "w", AttemptOutcome.Diverged, History, "boom", "ckpt/job/w", 3.25),
        new TrialProtocol.AttemptsFinished("w1", [
            new TrialProtocol.AttemptFinished("job", "a", "w", AttemptOutcome.Completed, History, null, "ckpt/job/w", 3.25, [1, 2, 3, 4]),
            new TrialProtocol.AttemptFinished("other", "b", "v", AttemptOutcome.Failed, [], "boom", null, 0.5)]),
        new TrialProtocol.AttemptsFinishedAck("job", ["a", "b"]),
        new TrialProtocol.AttemptReturnedAck("job", "a"),
        new TrialProtocol.AttemptReturned("job", "a", "w", 2, "ckpt/job/w@2"),
        new BlobProtocol.PutBlobChunk("ckpt/x", "t", 0, 2, [1, 2, 3]),
        new BlobProtocol.BlobChunkAck("t", 1, true),
        new BlobProtocol.GetBlobChunk("data/x", 3),
        new BlobProtocol.BlobChunk("data/x", 0, 1, 3, [9, 8, 7]),
        new BlobProtocol.BlobNotFound("data/x"),
        new BlobProtocol.BlobFailed("data/x", "disk full"),
        new LeaseProtocol.TakeLease("tuner-split-brain-resolver", "tuner@10.0.1.7:4053", 15000),
        new LeaseProtocol.ReleaseLease("tuner-split-brain-resolver", "tuner@10.0.1.7:4053"),
        new LeaseProtocol.LeaseAnswer("tuner-split-brain-resolver", true),
        new LeaseProtocol.LeaseUnavailable("tuner-split-brain-resolver", "connection refused"),
        new JobProtocol.SubmitJob("{\"name\":\"x\"}", "x"),
        new JobProtocol.JobAccepted("x", true),
        new JobProtocol.JobRejected(new[] { "window: must be >= 1" }.ToValueList()),
        new JobProtocol.CancelJob("x"),
        new JobProtocol.CancelAccepted("x", JobStatuses.Cancelling),
        new JobProtocol.JobNotFound("x"),
        JobProtocol.GetJobs.Instance,
        new JobProtocol.JobList(new[] { Summary }.ToValueList()),
        JobProtocol.GetWorkers.Instance,
        new JobProtocol.WorkerList(new[] { new WorkerSlots("worker-a", 2, 1), new WorkerSlots("worker-b", 0, 4) }.ToValueList()),
        new JobProtocol.GetJob("x"),
        new JobProtocol.GetResults("x"),
        // A classification's results: the accuracies and the best epoch present (a forecast's EpochMetrics, without
        // them, travel in EpochDone and AttemptFinished above).
        new JobProtocol.JobResults(new ResultsDocument("reviews", "reviews-1", "completed", "classify", "random", "val_accuracy", 4, 4,
            new BestTrial("t-0002", Hp, 0.45, 0.4, 2, "ckpt/reviews-1/t-0002.r0.x0@1", ValAccuracy: 0.81, Accuracy: 0.85, BestEpoch: 1),
            new[] { new TrialResult("t-0002", Hp, "completed", 0.45, 0.4, 2, null, null, "w1", 0.9,
                new[] { new EpochMetrics(1, 0.4, 0.45, 0.85, 0.81), new EpochMetrics(2, 0.3, 0.5, 0.9, 0.8) }.ToValueList(), ValAccuracy: 0.81, Accuracy: 0.85) }.ToValueList())),
        new JobProtocol.GetTrials("x", 50, 25, "-hp.units", History: false),
        new TrialsPage(120, 50, 25, "-hp.units", 4711,
            new[] { new TrialResult("t-0007", Hp, "running", null, 0.5, 1, 2, 0, "w1", 0.2, ValueList<EpochMetrics>.Empty) }.ToValueList()),
        new JobProtocol.GetBestModel("x"),
        new JobProtocol.BestModelSource("x", "completed", "{\"name\":\"x\"}", "data/abc", "t-0002", "ckpt/x/t-0002.r0.x0@1"),
        new JobProtocol.SubscribeJob("x"),
        new JobProtocol.UnsubscribeJob("x"),
        Summary,
        new DashboardProtocol.GetCurves("x", 50, "val_loss", All: true, Include: ["t-0003"]),
        new DashboardProtocol.JobCurves(new LearningCurves("val_loss", "val_loss", 3, 50,
            [new CurveLine("t-0002", "completed", 0.45, 1, Hp, [1, 2], [0.5, 0.45])],
            [new EpochBand(1, 3, 0.4, 0.42, 0.45, 0.5, 0.55, 0.58, 0.6)])),
        new DashboardProtocol.GetTrialPoints("x"),
        new DashboardProtocol.JobTrialPoints(new TrialColumns("val_accuracy", 17, ["t-0001", "t-0002"], ["completed", "failed"], [0, 1],
            [new MetricColumn("val_accuracy", [0.8f, null])], [2, 0], [null, null], [1, null], ["w1"], [0, -1], [0.5f, 0f],
            [new HyperparameterColumn("units", Numbers: [32, 64]), new HyperparameterColumn("cell", Words: ["\"lstm\""], Codes: [0, -1])],
            [new TrialError(1, "out of memory")], [new SearchDimension("units", "int", 32, 64, 32, "linear")])),
        new DashboardProtocol.JobTrialsChanged("x", 10, 12,
            new[] { new TrialResult("t-0007", Hp, "running", null, 0.5, 1, 2, 0, "w1", 0.2, ValueList<EpochMetrics>.Empty) }.ToValueList()),
    ];
}
