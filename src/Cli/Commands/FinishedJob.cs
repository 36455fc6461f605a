using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Coordinator.Api;
using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Cli.Commands;

/// <summary>A job <c>tuner run</c> finds finished in its journal although the spec's data file is gone (deleted or moved):
/// its results are in the journal and its data in the copy stored when it was submitted, which is all the outputs need,
/// so the run reports them as for any finished job run again. A job that is not finished would train: it needs its data.</summary>
internal static class FinishedJob
{
    /// <summary>How often the job is asked whether it still replays the journal.</summary>
    private static readonly TimeSpan RecoveryPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether the journal holds <paramref name="spec"/>'s job, finished, with the same search but for the data
    /// (<see cref="SubmissionCheck.SameSearchWithoutData"/>) and that data's copy (without it the outputs could not be
    /// built). Answered once the job's journal is replayed.</summary>
    public static async Task<bool> WithoutDataAsync(JobManagerClient client, JobSpec spec, CancellationToken cancellation)
    {
        await ReplayedAsync(client, spec.Name, cancellation);
        return await client.BestModelAsync(spec.Name, cancellation) is { DataBlob: not null } job
            && JobStatuses.IsFinal(job.Status)
            && SubmissionCheck.SameSearchWithoutData(JobSpecParser.Parse(job.SpecJson), spec);
    }

    /// <summary>Waits while the job's actor replays the journal, however long a large one takes (Ctrl-C ends the wait):
    /// the job manager answers "recovering" meanwhile at once, where a question to the job itself waits for the replay
    /// and its ask timed out (30 s), ending the run with exit 1.</summary>
    private static async Task ReplayedAsync(JobManagerClient client, string jobId, CancellationToken cancellation)
    {
        while (await client.GetAsync(jobId, cancellation) is { Status: JobStatuses.Recovering })
            await Task.Delay(RecoveryPoll, cancellation);
    }
}
