using Akka.Actor;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Api;

/// <summary>Typed asks to the JobManager (the singleton proxy, or the local manager), shared by
/// the HTTP API and <c>tuner run</c>. A timeout means the coordinator is not reachable right now.</summary>
public sealed class JobManagerClient(IActorRef manager, TimeSpan? timeout = null)
{
    /// <summary>How long an ask waits when no timeout is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _timeout = timeout ?? DefaultTimeout;

    public IActorRef Manager => manager;

    /// <summary><see cref="JobAccepted"/> or <see cref="JobRejected"/>.</summary>
    /// <param name="inlineDataOnly">The spec came over the network: a csv <c>data.path</c> is refused, never read.</param>
    /// <param name="key">The client's idempotency key: the job it made already, if any, is the answer.</param>
    public Task<ITunerMessage> SubmitAsync(string specJson, string? jobId, CancellationToken cancellation, bool inlineDataOnly = false, SubmissionKey? key = null) =>
        SubmitAsync(new SubmitJob(specJson, jobId, inlineDataOnly, key), cancellation);

    /// <summary><see cref="JobAccepted"/> or <see cref="JobRejected"/> for <paramref name="submission"/>.</summary>
    public async Task<ITunerMessage> SubmitAsync(SubmitJob submission, CancellationToken cancellation) =>
        await manager.Ask<ITunerMessage>(submission, _timeout, cancellation) switch
        {
            JobAccepted accepted => accepted,
            JobRejected rejected => rejected,
            var other => throw Unexpected(other),
        };

    public async Task<IReadOnlyList<JobSummary>> ListAsync(CancellationToken cancellation) =>
        (await manager.Ask<JobList>(GetJobs.Instance, _timeout, cancellation)).Jobs;

    /// <summary>The workers the coordinator hears from, by id.</summary>
    public async Task<IReadOnlyList<WorkerSlots>> WorkersAsync(CancellationToken cancellation) =>
        (await manager.Ask<WorkerList>(GetWorkers.Instance, _timeout, cancellation)).Workers;

    /// <summary>The job's summary, or null when no job has this id.</summary>
    public async Task<JobSummary?> GetAsync(string jobId, CancellationToken cancellation) =>
        await manager.Ask<ITunerMessage>(new GetJob(jobId), _timeout, cancellation) switch
        {
            JobSummary summary => summary,
            JobNotFound => null,
            var other => throw Unexpected(other),
        };

    /// <summary>results.json of the job, or null when no job has this id.</summary>
    public async Task<ResultsDocument?> ResultsAsync(string jobId, CancellationToken cancellation) =>
        await manager.Ask<ITunerMessage>(new GetResults(jobId), _timeout, cancellation) switch
        {
            JobResults results => results.Results,
            JobNotFound => null,
            var other => throw Unexpected(other),
        };

    /// <summary>A page of the job's trials (<paramref name="query"/> already checked), <see cref="JobRejected"/> when the job
    /// cannot order by what it asks (a hyperparameter it does not have), or <see cref="JobNotFound"/>.</summary>
    public async Task<ITunerMessage> TrialsAsync(GetTrials query, CancellationToken cancellation)
    {
        var answer = await manager.Ask<ITunerMessage>(query, _timeout, cancellation);
        return answer is TrialsPage or JobRejected or JobNotFound ? answer : throw Unexpected(answer);
    }

    /// <summary>Where the job's best model is, or null when no job has this id.</summary>
    public async Task<BestModelSource?> BestModelAsync(string jobId, CancellationToken cancellation) =>
        await manager.Ask<ITunerMessage>(new GetBestModel(jobId), _timeout, cancellation) switch
        {
            BestModelSource source => source,
            JobNotFound => null,
            var other => throw Unexpected(other),
        };

    /// <summary>False when no job has this id.</summary>
    /// <summary>The job's status after the cancel (<see cref="JobStatuses.Cancelling"/> or the status it ended with), or
    /// null when there is no such job.</summary>
    public async Task<string?> CancelAsync(string jobId, CancellationToken cancellation) =>
        await manager.Ask<ITunerMessage>(new CancelJob(jobId), _timeout, cancellation) switch
        {
            CancelAccepted accepted => accepted.Status,
            JobNotFound => null,
            var other => throw Unexpected(other),
        };

    private static InvalidOperationException Unexpected(object reply) => new($"unexpected reply from the coordinator: {reply.GetType().Name}");
}
