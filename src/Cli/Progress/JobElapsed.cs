using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Progress;

/// <summary>The time a live view shows beside the job's name. Pure.</summary>
internal static class JobElapsed
{
    /// <summary><c>tuner watch</c> (<paramref name="sinceSubmission"/>) shows how long the job has run: from its submission
    /// to now, or to its end once it has one — a watch opened on a job running for an hour said 0:05. The coordinator's
    /// timestamps meet this machine's clock there, so a clock behind the coordinator's shows 0:00, never a negative time.
    /// <c>tuner run</c> shows its own time: a resumed job's submission may be days old, and its view starts with the work.</summary>
    public static TimeSpan Of(JobSummary? summary, TimeSpan viewElapsed, DateTimeOffset now, bool sinceSubmission)
    {
        if (!sinceSubmission || summary is null) return viewElapsed;
        var age = (summary.FinishedAt ?? now) - summary.SubmittedAt;
        return age > TimeSpan.Zero ? age : TimeSpan.Zero;
    }
}
