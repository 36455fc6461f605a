using Tuner.Coordinator.Jobs;

namespace Tuner.Coordinator.Tests.Jobs;

/// <summary>The manager's matching of worker slots to jobs, without actors.</summary>
public sealed class WorkMatcherTests
{
    private sealed record Worker(string Name);

    private static readonly Worker W1 = new("w1");
    private static readonly Worker W2 = new("w2");

    private static WorkMatcher<Worker> Matcher(params string[] jobs)
    {
        var matcher = new WorkMatcher<Worker>();
        foreach (var job in jobs) matcher.AddJob(job);
        return matcher;
    }

    [Fact]
    public void Jobs_that_take_work_alternate_on_a_shared_worker()
    {
        var matcher = Matcher("a", "b", "c");
        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            matcher.AddRequest("w1", 0, W1);
            var offer = matcher.Next()!;
            served.Add(offer.JobId);
            matcher.Taken(offer.JobId, "w1", 0);
        }
        Assert.Equal(["a", "b", "c", "a", "b", "c"], served);
    }

    [Fact]
    public void A_declined_request_goes_to_the_next_job_and_matching_rests_when_all_declined()
    {
        var matcher = Matcher("a", "b");
        matcher.AddRequest("w1", 0, W1);
        Assert.Equal("a", matcher.Next()!.JobId);
        Assert.Null(matcher.Next()); // one offer at a time
        matcher.Declined("a", "w1", 0);
        Assert.Equal("b", matcher.Next()!.JobId);
        matcher.Declined("b", "w1", 0);
        Assert.Null(matcher.Next());
        Assert.True(matcher.Resting);
        Assert.Single(matcher.Pending);

        matcher.Wake();
        Assert.Equal("a", matcher.Next()!.JobId);
    }

    [Fact]
    public void A_new_request_or_a_new_job_ends_the_rest()
    {
        var matcher = Matcher("a");
        matcher.AddRequest("w1", 0, W1);
        matcher.Declined(matcher.Next()!.JobId, "w1", 0);
        Assert.Null(matcher.Next());
        matcher.AddRequest("w1", 0, W1); // a repeat is not new
        Assert.Null(matcher.Next());
        matcher.AddRequest("w2", 0, W2);
        Assert.Equal(("a", "w1"), (matcher.Next()!.JobId, matcher.InFlight!.Request.WorkerId));
        matcher.Declined("a", "w1", 0);
        Assert.Null(matcher.Next());
        matcher.AddJob("b");
        Assert.Equal("a", matcher.Next()!.JobId);
    }

    [Fact]
    public void Repeated_requests_for_a_slot_are_one_request()
    {
        var matcher = Matcher("a");
        Assert.True(matcher.AddRequest("w1", 0, W1));
        Assert.False(matcher.AddRequest("w1", 0, W1));
        Assert.True(matcher.AddRequest("w1", 1, W1));
        Assert.Equal(2, matcher.Pending.Count);
    }

    [Fact]
    public void Requests_of_a_lost_worker_are_dropped_and_stale_answers_ignored()
    {
        var matcher = Matcher("a", "b");
        matcher.AddRequest("w1", 0, W1);
        matcher.AddRequest("w2", 0, W2);
        var offer = matcher.Next()!;
        Assert.Equal("w1", offer.Request.WorkerId);
        Assert.Equal(1, matcher.RemoveWorkers(w => w == W1));
        matcher.Declined("b", "w1", 0); // not the offer in flight
        Assert.NotNull(matcher.InFlight);
        matcher.Taken("a", "w1", 0);
        Assert.Null(matcher.InFlight);
        var next = matcher.Next()!;
        Assert.Equal(("b", "w2"), (next.JobId, next.Request.WorkerId));
    }

    [Fact]
    public void A_removed_job_is_no_longer_offered_work()
    {
        var matcher = Matcher("a", "b");
        matcher.RemoveJob("a");
        matcher.AddRequest("w1", 0, W1);
        Assert.Equal("b", matcher.Next()!.JobId);
        matcher.Declined("b", "w1", 0);
        Assert.Null(matcher.Next());
        matcher.RemoveJob("b");
        matcher.Wake();
        Assert.Null(matcher.Next());
    }
}
