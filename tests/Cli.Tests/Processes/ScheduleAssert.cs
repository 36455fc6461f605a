using System.Text.Json.Nodes;
using Tuner.Coordinator.Search.Hyperband;

namespace Tuner.Cli.Tests.Processes;

/// <summary>Checks a Hyperband job's results.json against <c>tuner plan</c>'s schedule.</summary>
internal static class ScheduleAssert
{
    /// <summary>A job cancelled part-way: no trial failed or was trained twice, each trial that finished a round (completed
    /// or stopped) trained exactly that round's epochs, and no round has more trials than planned.</summary>
    public static void FinishedTrialsMatchPlan(JsonNode results, int maxEpochs, int factor)
    {
        var plan = HyperbandSchedule.Create(maxEpochs, factor);
        var trials = results["trials"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(trials.Count, trials.Select(t => (string?)t["trialId"]).Distinct().Count());
        Assert.All(trials, t => Assert.Contains((string?)t["status"], new[] { "completed", "stopped", "cancelled" }));
        Assert.Contains(trials, t => (string?)t["status"] is "completed" or "stopped");
        foreach (var bracket in plan.Brackets)
        {
            var inBracket = trials.Where(t => (int?)t["bracket"] == bracket.Bracket).ToList();
            for (int i = 0; i < bracket.Rounds.Count; i++)
            {
                var round = bracket.Rounds[i];
                Assert.True(inBracket.Count(t => (int)t["round"]! >= i) <= round.Trials, $"bracket {bracket.Bracket} round {i}: more trials than the plan's {round.Trials}");
                TrainedExactlyTheirRound(inBracket.Where(t => (int)t["round"]! == i && (string?)t["status"] is "completed" or "stopped"), round);
            }
        }
    }

    public static void MatchesPlan(JsonNode results, int maxEpochs, int factor)
    {
        var plan = HyperbandSchedule.Create(maxEpochs, factor);
        var trials = results["trials"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal("completed", (string?)results["status"]);
        // Every scheduled configuration has exactly one result.
        Assert.Equal(plan.TotalTrials, trials.Count);
        Assert.Equal(trials.Count, trials.Select(t => (string?)t["trialId"]).Distinct().Count());
        Assert.All(trials, t => Assert.Contains((string?)t["status"], new[] { "completed", "stopped" }));
        // Promoted trials resume from their checkpoints and nothing is trained twice into a result: the plan's epochs.
        Assert.Equal(plan.TotalEpochs, (long)results["totalEpochs"]!);
        foreach (var bracket in plan.Brackets)
        {
            var inBracket = trials.Where(t => (int?)t["bracket"] == bracket.Bracket).ToList();
            for (int i = 0; i < bracket.Rounds.Count; i++)
            {
                var round = bracket.Rounds[i];
                // n_i trials reached round i; those that stopped there trained exactly r_i epochs.
                Assert.True(round.Trials == inBracket.Count(t => (int)t["round"]! >= i),
                    $"bracket {bracket.Bracket} round {i}: plan {round.Trials} trials, results {inBracket.Count(t => (int)t["round"]! >= i)}");
                TrainedExactlyTheirRound(inBracket.Where(t => (int)t["round"]! == i), round);
            }
        }
    }

    /// <summary>Trials that stopped at (or completed) <paramref name="round"/> trained exactly its epochs.</summary>
    private static void TrainedExactlyTheirRound(IEnumerable<JsonNode> trials, HyperbandRound round)
    {
        Assert.All(trials, t => Assert.Equal(round.Epochs, (int)t["epochs"]!));
        Assert.All(trials, t => Assert.Equal(round.Epochs, t["history"]!.AsArray().Count));
    }
}
