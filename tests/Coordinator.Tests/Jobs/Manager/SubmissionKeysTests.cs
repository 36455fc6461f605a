using Tuner.Coordinator.Jobs.Manager;
using static Tuner.Contracts.Protocol.JobProtocol;
using static Tuner.Coordinator.Jobs.Manager.JobManagerEvents;
using Decision = Tuner.Coordinator.Jobs.Manager.SubmissionKeys<string>.Decision;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

public sealed class SubmissionKeysTests
{
    private static readonly SubmissionKey Key = new("key-1", "aaaa");

    [Fact]
    public void The_first_submission_with_a_key_is_checked_and_the_ones_sent_meanwhile_wait_for_its_answer()
    {
        var keys = new SubmissionKeys<string>();
        Assert.IsType<Decision.Check>(keys.Begin(Key, "first"));
        Assert.IsType<Decision.Wait>(keys.Begin(Key, "second"));
        Assert.IsType<Decision.Wait>(keys.Begin(Key, "third"));
        Assert.IsType<Decision.Check>(keys.Begin(Key with { Key = "key-2" }, "other"));
        Assert.Equal(["second", "third"], keys.End(Key));
        Assert.Empty(keys.End(Key));

        // Refused (nothing registered): the key made nothing, so the next one is checked again.
        Assert.IsType<Decision.Check>(keys.Begin(Key, "again"));
    }

    [Fact]
    public void A_key_that_made_a_job_names_it_and_the_same_key_with_another_body_is_refused()
    {
        var keys = new SubmissionKeys<string>();
        Assert.IsType<Decision.Check>(keys.Begin(Key, "first"));
        Assert.IsType<Decision.Refuse>(keys.Begin(Key with { BodyDigest = "bbbb" }, "other body while checked"));
        keys.Apply(new JobRegistered("job-1", "job", "{}", null, DateTimeOffset.UnixEpoch, Key));
        Assert.Empty(keys.End(Key));
        Assert.Equal(new Decision.Made("job-1"), keys.Begin(Key, "retry"));
        var refused = Assert.IsType<Decision.Refuse>(keys.Begin(Key with { BodyDigest = "bbbb" }, "other body"));
        Assert.Contains("that submission made job job-1", refused.Problem);

        // Jobs registered without a key (journals from before keys, local mode) are no key's.
        keys.Apply(new JobRegistered("job-2", "job", "{}", null, DateTimeOffset.UnixEpoch));
        Assert.IsType<Decision.Check>(keys.Begin(new SubmissionKey("job-2", "aaaa"), "x"));
    }
}
