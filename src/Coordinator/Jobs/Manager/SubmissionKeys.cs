using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Coordinator.Jobs.Manager.JobManagerEvents;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>Idempotent submission (<c>Idempotency-Key</c>, docs/api.md): which job each key made, and which submissions
/// wait for the first one with their key while it is still being checked. A client sends a submission again when it
/// never got the answer (a timeout, a connection lost, a 503 during a fail-over) — the job may well exist by then.
/// The same key with the same body gets the first one's job (or its refusal); with another body it is refused. Changed
/// by the JobManager only: <see cref="Apply"/> live and on recovery, <see cref="Begin"/> and <see cref="End"/> around
/// a check.</summary>
public sealed class SubmissionKeys<TReplyTo>
{
    private readonly Dictionary<string, JobRegistered> _made = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string BodyDigest, List<TReplyTo> Waiting)> _checking = new(StringComparer.Ordinal);

    /// <summary>What to do with a keyed submission.</summary>
    public abstract record Decision
    {
        /// <summary>The key is new: check the submission, then <see cref="End"/> it.</summary>
        public sealed record Check : Decision;

        /// <summary>The first submission with this key is being checked; its answer is this one's too.</summary>
        public sealed record Wait : Decision;

        /// <summary>The key made this job.</summary>
        public sealed record Made(string JobId) : Decision;

        /// <summary>The key came with another body before.</summary>
        public sealed record Refuse(string Problem) : Decision;
    }

    public void Apply(JobRegistered registered)
    {
        if (registered.Key is { } key) _made[key.Key] = registered;
    }

    public Decision Begin(SubmissionKey key, TReplyTo replyTo)
    {
        if (_made.TryGetValue(key.Key, out var job))
            return job.Key!.BodyDigest == key.BodyDigest ? new Decision.Made(job.JobId) : new Decision.Refuse(Reused(key, $"made job {job.JobId}"));
        if (_checking.TryGetValue(key.Key, out var checking))
        {
            if (checking.BodyDigest != key.BodyDigest) return new Decision.Refuse(Reused(key, "is being checked"));
            checking.Waiting.Add(replyTo);
            return new Decision.Wait();
        }
        _checking[key.Key] = (key.BodyDigest, []);
        return new Decision.Check();
    }

    /// <summary>The submission that <see cref="Begin"/> told to check is answered: those waiting for the same answer.</summary>
    public IReadOnlyList<TReplyTo> End(SubmissionKey key) =>
        _checking.Remove(key.Key, out var checking) ? checking.Waiting : [];

    private static string Reused(SubmissionKey key, string what) =>
        $"Idempotency-Key '{key.Key}' came with another job spec before (that submission {what}): send a new key with each new job, the same key only to send the same body again";
}
