using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Protocol;

/// <summary>Commands and queries for jobs, sent by the HTTP API and the CLI to the JobManager.</summary>
public static class JobProtocol
{
    /// <summary>Submit a job spec as the user wrote it (a csv job carries its CSV in <c>data.content</c>).
    /// <paramref name="JobId"/> null: the manager names the job. Set (local mode uses the job's name):
    /// an existing job with that id is resumed if its spec alters nothing in the search, else refused.
    /// <paramref name="InlineDataOnly"/>: the spec came over the network, so a csv <c>data.path</c> is refused
    /// rather than read from the coordinator's own disk. <paramref name="Key"/>: the client's idempotency key, so a
    /// submission sent again (its answer was lost) names the job the first one made instead of making another.</summary>
    public sealed record SubmitJob(string SpecJson, string? JobId = null, bool InlineDataOnly = false, SubmissionKey? Key = null) : ITunerMessage;

    /// <summary>A client's <c>Idempotency-Key</c> for one submission and the SHA-256 of the body it came with: the same key
    /// with another body is a client's mistake, refused rather than answered with the first job.</summary>
    public sealed record SubmissionKey(string Key, string BodyDigest);

    /// <summary>The job exists and runs (or ran) under <paramref name="JobId"/>. <paramref name="Repeated"/>: the
    /// submission's key had made this job already; nothing new was made.</summary>
    public sealed record JobAccepted(string JobId, bool Resumed, bool Repeated = false) : ITunerMessage;

    /// <summary>Refused: every problem, one per entry, naming the field (or what differs from the stored job).</summary>
    public sealed record JobRejected(ValueList<string> Errors) : ITunerMessage;

    /// <summary>Cancel a job: running trials stop within an epoch, results so far are kept.</summary>
    public sealed record CancelJob(string JobId) : ITunerMessage, IWithJobId;

    /// <summary>The answer to a cancel: <paramref name="Status"/> is <see cref="JobStatuses.Cancelling"/> while running
    /// trials stop, else the final status of a job that has ended (cancelled now, or ended before: nothing to cancel).</summary>
    public sealed record CancelAccepted(string JobId, string Status) : ITunerMessage, IWithJobId;

    /// <summary>No job has this id.</summary>
    public sealed record JobNotFound(string JobId) : ITunerMessage, IWithJobId;

    /// <summary>Every job, newest first.</summary>
    public sealed record GetJobs : ITunerMessage
    {
        public static GetJobs Instance { get; } = new();
    }

    public sealed record JobList(ValueList<JobSummary> Jobs) : ITunerMessage;

    /// <summary>The workers the coordinator hears from and what their slots do; answered with <see cref="WorkerList"/>.</summary>
    public sealed record GetWorkers : ITunerMessage
    {
        public static GetWorkers Instance { get; } = new();
    }

    /// <summary>The workers by id (<c>GET /api/workers</c>).</summary>
    public sealed record WorkerList(ValueList<WorkerSlots> Workers) : ITunerMessage;

    /// <summary>One job's status, progress and best so far; answered with a <see cref="JobSummary"/>.</summary>
    public sealed record GetJob(string JobId) : ITunerMessage, IWithJobId;

    /// <summary>results.json, also while running; answered with <see cref="JobResults"/>.</summary>
    public sealed record GetResults(string JobId) : ITunerMessage, IWithJobId;

    public sealed record JobResults(ResultsDocument Results) : ILargeMessage;

    /// <summary>A page of the job's trials in <paramref name="Sort"/>'s order (<see cref="TrialOrder"/>, already checked),
    /// with their histories only when <paramref name="History"/>; answered with <see cref="TrialsPage"/>.</summary>
    public sealed record GetTrials(string JobId, int Offset, int Limit, string Sort, bool History) : ITunerMessage, IWithJobId;

    /// <summary>Where the job's best model is, so it can be evaluated off the job actor (the dashboard's model card);
    /// answered with <see cref="BestModelSource"/>.</summary>
    public sealed record GetBestModel(string JobId) : ITunerMessage, IWithJobId;

    /// <summary>The job's spec (canonical JSON, its data in <paramref name="DataBlob"/> when it is a file), and the best
    /// trial's state at its best epoch (<paramref name="Checkpoint"/>, null until a trial has one).</summary>
    public sealed record BestModelSource(string JobId, string Status, string SpecJson, string? DataBlob, string? TrialId, string? Checkpoint) : ITunerMessage;

    /// <summary>Push a <see cref="JobSummary"/> to the sender on every change until the job ends
    /// (the last one has a final status); answered at once with the current summary. <paramref name="Trials"/>: the
    /// trials that changed too, before each summary (<see cref="DashboardProtocol.JobTrialsChanged"/>: the dashboard).</summary>
    public sealed record SubscribeJob(string JobId, bool Trials = false) : ITunerMessage, IWithJobId;

    public sealed record UnsubscribeJob(string JobId) : ITunerMessage, IWithJobId;
}

/// <summary>A page of a job's trials (<c>GET /api/jobs/{id}/trials</c>): <paramref name="Total"/> trials in the job,
/// <paramref name="Trials"/> from <paramref name="Offset"/> on. <paramref name="Version"/> grows whenever a trial of the job
/// changes (it is the job's journal sequence number), so a page with the same version is still current.</summary>
public sealed record TrialsPage(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("sort")] string Sort,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("trials")] ValueList<TrialResult> Trials) : ITunerMessage;

/// <summary>A job's state as lists, status pages and progress bars show it.</summary>
public sealed record JobSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("objective")] string Objective,
    [property: JsonPropertyName("trialsStarted")] int TrialsStarted,
    [property: JsonPropertyName("trialsFinished")] int TrialsFinished,
    [property: JsonPropertyName("epochsTrained")] long EpochsTrained,
    [property: JsonPropertyName("epochsPlanned")] long? EpochsPlanned,
    [property: JsonPropertyName("bestTrialId")] string? BestTrialId,
    [property: JsonPropertyName("bestObjective")] double? BestObjective,
    [property: JsonPropertyName("running")] ValueList<RunningTrial> Running,
    [property: JsonPropertyName("submittedAt")] DateTimeOffset SubmittedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null) : ITunerMessage
{
    /// <summary>True once the job can change no more: completed, cancelled or failed.</summary>
    [JsonIgnore]
    public bool IsFinal => JobStatuses.IsFinal(Status);
}

/// <summary>A worker as the coordinator knows it: from its requests for work (<paramref name="IdleSlots"/>, slots asking
/// for a trial) and from the jobs' running trials (<paramref name="Running"/>, trials it trains, of any job). A worker
/// that has joined but asked for nothing yet is not listed.</summary>
public sealed record WorkerSlots(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("idleSlots")] int IdleSlots,
    [property: JsonPropertyName("running")] int Running);

/// <summary>A trial being trained right now.</summary>
/// <param name="Objective">The trial's objective so far (its best epoch's value).</param>
/// <param name="Latest">The objective metric at the latest epoch this work reported; null before its first.</param>
/// <param name="Round">Hyperband round or ASHA rung; null for random search.</param>
/// <param name="Bracket">Hyperband bracket; null for other algorithms.</param>
/// <param name="Execution">Which execution of the trial (random search's executionsPerTrial); 0 otherwise.</param>
public sealed record RunningTrial(
    [property: JsonPropertyName("trialId")] string TrialId,
    [property: JsonPropertyName("workId")] string WorkId,
    [property: JsonPropertyName("worker")] string Worker,
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("fromEpoch")] int FromEpoch,
    [property: JsonPropertyName("toEpoch")] int ToEpoch,
    [property: JsonPropertyName("objective")] double? Objective,
    [property: JsonPropertyName("latest")] double? Latest,
    [property: JsonPropertyName("round")] int? Round,
    [property: JsonPropertyName("bracket")] int? Bracket,
    [property: JsonPropertyName("execution")] int Execution,
    [property: JsonPropertyName("hyperparameters")] Hyperparameters Hyperparameters);

/// <summary>The job statuses of the API and results.json.</summary>
public static class JobStatuses
{
    public const string Running = "running";

    /// <summary>The job's actor is replaying the journal (after a coordinator restart or hand-over): its figures are not
    /// known yet. Not final: it becomes the job's real status within seconds.</summary>
    public const string Recovering = "recovering";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    /// <summary>Not a status a job shows (it stays running until its trials stop): what a cancel answers meanwhile.</summary>
    public const string Cancelling = "cancelling";

    /// <summary>True for the statuses a job never leaves: completed, cancelled, failed. Not for <see cref="Recovering"/>,
    /// which a running job shows for seconds during a hand-over.</summary>
    public static bool IsFinal(string? status) => status is Completed or Cancelled or Failed;
}
