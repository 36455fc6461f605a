using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;

namespace Tuner.Contracts.Tests.Protocol;

/// <summary>Batches split by estimated size, so no batched message nears Akka.Remote's frame size.</summary>
public sealed class FrameBudgetTests
{
    [Fact]
    public void Items_keep_their_order_and_no_batch_passes_the_budget_unless_one_item_alone_does()
    {
        int[] sizes = [10, 30, 50, 5, 200, 1, 1, 60];
        var batches = FrameBudget.Split(sizes, s => s, budget: 60).ToList();

        Assert.Equal(sizes, batches.SelectMany(b => b));
        Assert.Equal([[10, 30], [50, 5], [200], [1, 1], [60]], batches.Select(b => b.ToArray()));
        Assert.All(batches, b => Assert.True(b.Sum() <= 60 || b.Count == 1));
    }

    [Fact]
    public void Nothing_to_send_is_no_batch()
    {
        Assert.Empty(FrameBudget.Split(Array.Empty<int>(), s => s));
    }

    [Fact]
    public void A_full_batch_of_long_histories_serializes_under_the_default_frame_size()
    {
        // 200 epochs per result: the estimate must keep each batch's real JSON under 128,000 bytes.
        var history = Enumerable.Range(1, 200).Select(e => new Tuner.Contracts.Search.EpochMetrics(e, 0.123456789012345 / e, 0.98765432101234 / e)).ToValueList();
        var reports = Enumerable.Range(0, 64).Select(i => new TrialProtocol.AttemptFinished("job-with-a-long-name", $"t-{i:D4}.r3.x0#12", $"t-{i:D4}.r3.x0",
            AttemptOutcome.Completed, history, null, $"ckpt/job-with-a-long-name/t-{i:D4}.r3.x0", 123.456, new byte[4096])).ToList();

        var batches = FrameBudget.Split(reports, FrameBudget.Estimate).ToList();

        Assert.True(batches.Count > 1);
        Assert.All(batches, b =>
        {
            var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new TrialProtocol.AttemptsFinished("w", b));
            Assert.InRange(json.Length, 1, 128_000 - 4_096); // room for Akka's envelope
        });
    }
}
