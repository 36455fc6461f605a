using Tuner.Coordinator.Search.Hyperband;

namespace Tuner.Coordinator.Tests.Search;

public sealed class HyperbandScheduleTests
{
    private static (int Trials, int Epochs)[][] Table(HyperbandSchedule schedule) =>
        schedule.Brackets.Select(b => b.Rounds.Select(r => (r.Trials, r.Epochs)).ToArray()).ToArray();

    [Fact]
    public void R81_eta3_matches_table_1_of_the_Hyperband_paper()
    {
        var schedule = HyperbandSchedule.Create(81, 3);
        Assert.Equal(4, schedule.SMax);
        Assert.Equal([4, 3, 2, 1, 0], schedule.Brackets.Select(b => b.Bracket));
        Assert.Equal(
            [
                [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)],
                [(34, 3), (11, 9), (3, 27), (1, 81)],
                [(15, 9), (5, 27), (1, 81)],
                [(8, 27), (2, 81)],
                [(5, 81)],
            ],
            Table(schedule));
        // Σ n_i·(r_i − r_{i−1}) per bracket: 297 + 276 + 279 + 324 + 405.
        Assert.Equal(1581, schedule.TotalEpochs);
        Assert.Equal(143, schedule.TotalTrials);
    }

    [Fact]
    public void R27_eta3_has_four_brackets_and_357_epochs()
    {
        var schedule = HyperbandSchedule.Create(27, 3);
        Assert.Equal(3, schedule.SMax);
        Assert.Equal(
            [
                [(27, 1), (9, 3), (3, 9), (1, 27)],
                [(12, 3), (4, 9), (1, 27)],
                [(6, 9), (2, 27)],
                [(4, 27)],
            ],
            Table(schedule));
        Assert.Equal(357, schedule.TotalEpochs);
    }

    [Fact]
    public void R50_eta3_rounds_epochs_up_as_Keras_Tuner_examples_use()
    {
        var schedule = HyperbandSchedule.Create(50, 3);
        Assert.Equal(
            [
                [(27, 2), (9, 6), (3, 17), (1, 50)],
                [(12, 6), (4, 17), (1, 50)],
                [(6, 17), (2, 50)],
                [(4, 50)],
            ],
            Table(schedule));
    }

    [Theory]
    [InlineData(243, 3, 5)]
    [InlineData(1000, 10, 3)]
    [InlineData(125, 5, 3)]
    [InlineData(1024, 2, 10)]
    [InlineData(26, 3, 2)]
    [InlineData(1, 3, 0)]
    [InlineData(2, 3, 0)]
    public void S_max_is_exact_at_and_around_powers_of_the_factor(int maxEpochs, int factor, int expected)
    {
        // Math.Log(1000) / Math.Log(10) is 2.9999999999999996: floating point would give 2.
        Assert.Equal(expected, HyperbandSchedule.MaxBracket(maxEpochs, factor));
        Assert.Equal(expected, HyperbandSchedule.Create(maxEpochs, factor).SMax);
    }

    [Fact]
    public void Schedule_properties_hold_for_many_R_and_eta()
    {
        for (var factor = 2; factor <= 7; factor++)
        {
            for (var maxEpochs = 1; maxEpochs <= 400; maxEpochs++)
            {
                var schedule = HyperbandSchedule.Create(maxEpochs, factor);
                var sMax = schedule.SMax;
                Assert.True(Math.Pow(factor, sMax) <= maxEpochs && Math.Pow(factor, sMax + 1) > maxEpochs, $"R={maxEpochs} η={factor}");
                Assert.Equal(Enumerable.Range(0, sMax + 1).Reverse(), schedule.Brackets.Select(b => b.Bracket));
                long total = 0;
                foreach (var bracket in schedule.Brackets)
                {
                    var s = bracket.Bracket;
                    var rounds = bracket.Rounds;
                    Assert.Equal(s + 1, rounds.Count);
                    Assert.Equal((int)Math.Ceiling((sMax + 1) * Math.Pow(factor, s) / (s + 1) - 1e-9), rounds[0].Trials);
                    Assert.Equal(maxEpochs, rounds[^1].Epochs);
                    Assert.True(rounds[0].Epochs >= 1);
                    Assert.True(rounds[^1].Trials >= 1);
                    var previousEpochs = 0;
                    for (var i = 0; i < rounds.Count; i++)
                    {
                        Assert.True(rounds[i].Epochs > previousEpochs && rounds[i].Epochs <= maxEpochs);
                        Assert.Equal((int)Math.Ceiling(maxEpochs / Math.Pow(factor, s - i) - 1e-9), rounds[i].Epochs);
                        if (i > 0)
                        {
                            Assert.Equal(rounds[i - 1].Trials / factor, rounds[i].Trials); // ⌊n_{i−1}/η⌋ = ⌊n·η^−i⌋
                            Assert.True(rounds[i].Trials <= rounds[i - 1].Trials);
                        }
                        total += (long)rounds[i].Trials * (rounds[i].Epochs - previousEpochs);
                        previousEpochs = rounds[i].Epochs;
                    }
                }
                Assert.Equal(total, schedule.TotalEpochs);
            }
        }
    }

    [Fact]
    public void Plan_json_is_the_documented_shape()
    {
        Assert.Equal(
            """{"brackets":[{"bracket":3,"rounds":[{"trials":27,"epochs":1},{"trials":9,"epochs":3},{"trials":3,"epochs":9},{"trials":1,"epochs":27}]},{"bracket":2,"rounds":[{"trials":12,"epochs":3},{"trials":4,"epochs":9},{"trials":1,"epochs":27}]},{"bracket":1,"rounds":[{"trials":6,"epochs":9},{"trials":2,"epochs":27}]},{"bracket":0,"rounds":[{"trials":4,"epochs":27}]}],"totalEpochs":357}""",
            HyperbandSchedule.Create(27, 3).ToJson());
    }

    [Fact]
    public void Iterations_repeat_the_brackets_and_multiply_the_totals()
    {
        var once = HyperbandSchedule.Create(9, 3);
        var twice = HyperbandSchedule.Create(9, 3, iterations: 2);
        Assert.Equal(69, once.TotalEpochs); // 21 + 21 + 27
        Assert.Equal(2 * once.TotalEpochs, twice.TotalEpochs);
        Assert.Equal(2 * once.TotalTrials, twice.TotalTrials);
        Assert.Equal("""{"brackets":[{"bracket":2,"rounds":[{"trials":9,"epochs":1},{"trials":3,"epochs":3},{"trials":1,"epochs":9}]},{"bracket":1,"rounds":[{"trials":5,"epochs":3},{"trials":1,"epochs":9}]},{"bracket":0,"rounds":[{"trials":3,"epochs":9}]},{"bracket":2,"rounds":[{"trials":9,"epochs":1},{"trials":3,"epochs":3},{"trials":1,"epochs":9}]},{"bracket":1,"rounds":[{"trials":5,"epochs":3},{"trials":1,"epochs":9}]},{"bracket":0,"rounds":[{"trials":3,"epochs":9}]}],"totalEpochs":138}""",
            twice.ToJson());
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperbandSchedule.Create(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperbandSchedule.Create(27, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperbandSchedule.Create(27, 3, 0));
    }
}
