using Tuner.Coordinator.Jobs.Manager;

namespace Tuner.Coordinator.Tests.Jobs.Manager;

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
            matcher.AddRequest("w1", [0], W1);
            var offer = matcher.Next()!;
            served.Add(offer.JobId);
            matcher.Answered(offer.JobId, "w1", [0]);
        }
        Assert.Equal(["a", "b", "c", "a", "b", "c"], served);
    }

    [Fact]
    public void A_worker_offers_all_its_idle_slots_at_once_and_what_a_job_leaves_goes_to_the_next()
    {
        var matcher = Matcher("a", "b");
        matcher.AddRequest("w1", [0, 1, 2], W1);
        var offer = matcher.Next()!;
        Assert.Equal("a", offer.JobId);
        Assert.Equal([0, 1, 2], offer.Request.Slots);
        matcher.Answered("a", "w1", [0, 1]); // a had work for two
        offer = matcher.Next()!;
        Assert.Equal("b", offer.JobId);
        Assert.Equal([2], offer.Request.Slots);
        matcher.Answered("b", "w1", [2]);
        Assert.Empty(matcher.Pending);
        // b took last: the next request starts at a.
        matcher.AddRequest("w1", [1], W1);
        Assert.Equal("a", matcher.Next()!.JobId);
    }

    [Fact]
    public void A_declined_request_goes_to_the_next_job_and_matching_rests_when_all_declined()
    {
        var matcher = Matcher("a", "b");
        matcher.AddRequest("w1", [0], W1);
        Assert.Equal("a", matcher.Next()!.JobId);
        Assert.Null(matcher.Next()); // one offer at a time
        matcher.Answered("a", "w1", []);
        Assert.Equal("b", matcher.Next()!.JobId);
        matcher.Answered("b", "w1", []);
        Assert.Null(matcher.Next());
        Assert.True(matcher.Resting);
        Assert.Single(matcher.Pending);

        matcher.Wake();
        Assert.Equal("a", matcher.Next()!.JobId);
    }

    [Fact]
    public void New_slots_or_a_new_job_end_the_rest_but_a_repeat_does_not()
    {
        var matcher = Matcher("a");
        matcher.AddRequest("w1", [0], W1);
        matcher.Answered(matcher.Next()!.JobId, "w1", []);
        Assert.Null(matcher.Next());
        matcher.AddRequest("w1", [0], W1); // a repeat is not new
        Assert.Null(matcher.Next());
        matcher.AddRequest("w2", [0], W2);
        Assert.Equal(("a", "w1"), (matcher.Next()!.JobId, matcher.InFlight!.Request.WorkerId));
        matcher.Answered("a", "w1", []);
        Assert.Null(matcher.Next());
        matcher.AddRequest("w1", [3], W1); // a slot more
        Assert.Equal("a", matcher.Next()!.JobId);
        matcher.Answered("a", "w1", []);
        Assert.Null(matcher.Next());
        matcher.AddJob("b");
        Assert.Equal("a", matcher.Next()!.JobId);
    }

    [Fact]
    public void Requests_of_a_worker_add_up_and_repeats_change_nothing()
    {
        var matcher = Matcher("a");
        Assert.True(matcher.AddRequest("w1", [0], W1));
        Assert.False(matcher.AddRequest("w1", [0], W1));
        Assert.False(matcher.AddRequest("w1", [1, 0, 1], W1));
        Assert.True(matcher.AddRequest("w2", [0], W2));
        Assert.Equal(2, matcher.Pending.Count);
        Assert.Equal([0, 1], matcher.Pending[0].Slots);
        Assert.False(matcher.AddRequest("w3", [], W2)); // nothing idle: no request
        Assert.Equal(2, matcher.Pending.Count);
    }

    [Fact]
    public void Requests_of_a_lost_worker_are_dropped_and_stale_answers_ignored()
    {
        var matcher = Matcher("a", "b");
        matcher.AddRequest("w1", [0], W1);
        matcher.AddRequest("w2", [0], W2);
        var offer = matcher.Next()!;
        Assert.Equal("w1", offer.Request.WorkerId);
        Assert.Equal(1, matcher.RemoveWorkers(w => w == W1));
        matcher.Answered("b", "w1", []); // not the offer in flight
        Assert.NotNull(matcher.InFlight);
        matcher.Answered("a", "w1", [0]);
        Assert.Null(matcher.InFlight);
        var next = matcher.Next()!;
        Assert.Equal(("b", "w2"), (next.JobId, next.Request.WorkerId));
    }

    [Fact]
    public void A_removed_job_is_no_longer_offered_work()
    {
        var matcher = Matcher("a", "b");
        matcher.RemoveJob("a");
        matcher.AddRequest("w1", [0], W1);
        Assert.Equal("b", matcher.Next()!.JobId);
        matcher.Answered("b", "w1", []);
        Assert.Null(matcher.Next());
        matcher.RemoveJob("b");
        matcher.Wake();
        Assert.Null(matcher.Next());
    }
}
