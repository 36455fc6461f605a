using CsCheck;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Search;

public sealed class SamplingTests
{
    [Fact]
    public void Int_samples_lie_in_range_and_on_the_grid()
    {
        Gen.Select(Gen.Long[1, 1000], Gen.Long[1, 64], Gen.Long[0, 100], Gen.Long[0, 63], Gen.Bool, Gen.ULong)
            .Sample((min, step, k, extra, log, seed) =>
            {
                var max = min + k * step + extra % step;
                var parameter = new IntParameter("units", min, max, step, log ? Sampling.Log : Sampling.Linear);
                var random = new DeterministicRandom(seed);
                for (var i = 0; i < 50; i++)
                {
                    var v = parameter.Sample(random).AsInt64();
                    Assert.InRange(v, min, max);
                    Assert.Equal(0, (v - min) % step);
                    Assert.True(parameter.Contains(HyperparameterValue.Int(v)));
                }
            }, iter: 500);
    }

    [Fact]
    public void Float_grid_samples_lie_in_range_on_the_grid_and_exact_to_the_decimals_of_min_and_step()
    {
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 4], Gen.Int[1, 1000], Gen.Int[0, 6], Gen.Int[0, 200], Gen.Bool, Gen.ULong)
            .Sample((minUnits, minDecimals, stepUnits, stepDecimals, k, log, seed) =>
            {
                var min = minUnits / Pow10(minDecimals);
                var step = stepUnits / Pow10(stepDecimals);
                var max = min + k * step;
                if (log && min == 0) min = step; // log sampling needs min > 0
                var parameter = new FloatParameter("l2", (double)min, (double)max, (double)step, log ? Sampling.Log : Sampling.Linear);
                var decimals = Math.Max(minDecimals, stepDecimals);
                var random = new DeterministicRandom(seed);
                for (var i = 0; i < 50; i++)
                {
                    var v = parameter.Sample(random).AsDouble();
                    Assert.InRange(v, (double)min, (double)max);
                    Assert.True(parameter.Contains(HyperparameterValue.Float(v)), $"{v} off the grid {min}+k·{step}");
                    // Exact to the decimals: the shortest round-trip text has no more digits after the point.
                    var text = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    var shortest = decimal.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(Scale(shortest) <= decimals, $"{text} has more than {decimals} decimals");
                }
                // max is the last grid value, exactly, when it lies on the grid.
                var grid = parameter.Grid!.Value;
                Assert.Equal((double)max, grid.ValueAt(grid.LastIndex));
            }, iter: 500);

        static decimal Pow10(int n) => (decimal)Math.Pow(10, n);
        static int Scale(decimal d) => d.Scale;
    }

    [Fact]
    public void Grid_values_are_exact_decimals_and_include_max()
    {
        var grid = new FloatGrid(0.0, 0.5, 0.1);
        Assert.Equal(5, grid.LastIndex);
        Assert.Equal([0.0, 0.1, 0.2, 0.3, 0.4, 0.5], Enumerable.Range(0, 6).Select(k => grid.ValueAt(k)));
        Assert.NotEqual(0.3, 3 * 0.1); // the naive product the grid avoids
    }

    [Fact]
    public void Max_off_the_grid_is_not_a_value()
    {
        var grid = new FloatGrid(0.05, 0.5, 0.1);
        Assert.Equal(0.45, grid.ValueAt(grid.LastIndex));
        Assert.False(grid.Contains(0.5));
        Assert.True(grid.Contains(0.25));
    }

    [Fact]
    public void Linear_grid_sampling_reaches_every_value_including_max_and_nothing_else()
    {
        var parameter = new FloatParameter("dropout", 0.0, 0.5, 0.1);
        var random = new DeterministicRandom(11);
        var seen = Enumerable.Range(0, 5000).Select(_ => parameter.Sample(random).AsDouble()).ToHashSet();
        Assert.Equal(new HashSet<double> { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5 }, seen);
    }

    [Fact]
    public void Int_linear_sampling_is_uniform_over_the_grid()
    {
        var parameter = new IntParameter("units", 32, 512, 32);
        var random = new DeterministicRandom(12);
        var counts = new int[16];
        const int draws = 32_000;
        for (var i = 0; i < draws; i++) counts[(parameter.Sample(random).AsInt64() - 32) / 32]++;
        var expected = draws / 16.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 37.70, $"chi-square {chiSquare} over the 0.001 critical value for 15 degrees of freedom");
    }

    [Fact]
    public void Log_sampling_is_uniform_in_log_space_by_a_Kolmogorov_Smirnov_test()
    {
        var statistic = LogSpaceKolmogorovSmirnov(new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log), 20_000);
        Assert.True(statistic < 1.95 / Math.Sqrt(20_000), $"KS statistic {statistic} rejects log-uniformity at the 0.001 level");
    }

    [Fact]
    public void The_log_space_test_has_power_linear_sampling_fails_it()
    {
        var statistic = LogSpaceKolmogorovSmirnov(new FloatParameter("learning_rate", 1e-4, 1e-2), 20_000);
        Assert.True(statistic > 0.3, $"KS statistic {statistic}: linear samples should look far from log-uniform");
    }

    [Fact]
    public void Log_sampling_with_a_step_snaps_to_the_grid_and_favours_small_values()
    {
        var parameter = new IntParameter("units", 32, 512, 32, Sampling.Log);
        var random = new DeterministicRandom(13);
        var samples = Enumerable.Range(0, 10_000).Select(_ => parameter.Sample(random).AsInt64()).ToList();
        Assert.All(samples, v => Assert.True(parameter.Contains(HyperparameterValue.Int(v))));
        // Log-uniform puts about half the mass below the geometric midpoint 128; linear would put a quarter.
        var belowMidpoint = samples.Count(v => v <= 128) / (double)samples.Count;
        Assert.InRange(belowMidpoint, 0.45, 0.60);
        Assert.Contains(512L, samples);
    }

    [Fact]
    public void Continuous_linear_samples_stay_in_range()
    {
        Gen.Select(Gen.Double[-100, 100], Gen.Double[0, 100], Gen.ULong).Sample((min, width, seed) =>
        {
            var parameter = new FloatParameter("l2", min, min + width);
            var random = new DeterministicRandom(seed);
            for (var i = 0; i < 20; i++) Assert.InRange(parameter.Sample(random).AsDouble(), min, min + width);
        }, iter: 300);
    }

    [Fact]
    public void Choice_and_fixed_sample_their_values()
    {
        var choice = new ChoiceParameter("cell", [HyperparameterValue.String("lstm"), HyperparameterValue.String("gru")]);
        var random = new DeterministicRandom(14);
        var seen = Enumerable.Range(0, 200).Select(_ => choice.Sample(random).AsString()).ToHashSet();
        Assert.Equal(new HashSet<string> { "lstm", "gru" }, seen);
        Assert.Equal(HyperparameterValue.Int(3), new FixedParameter("layers", HyperparameterValue.Int(3)).Sample(random));
    }

    [Fact]
    public void Defaults_are_the_default_else_min_else_the_first_value()
    {
        var space = new SearchSpace([
            new IntParameter("units", 32, 512, 32, Default: 128),
            new IntParameter("layers", 1, 3),
            new FloatParameter("dropout", 0.1, 0.5, 0.1),
            new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log, 3e-3),
            new ChoiceParameter("cell", [HyperparameterValue.String("gru"), HyperparameterValue.String("lstm")]),
            new ChoiceParameter("batch_size", [HyperparameterValue.Int(16), HyperparameterValue.Int(64)], HyperparameterValue.Int(64)),
            new FixedParameter("optimizer", HyperparameterValue.String("sgd")),
        ]);
        Assert.Equal("""{"units":128,"layers":1,"dropout":0.1,"learning_rate":0.003,"cell":"gru","batch_size":64,"optimizer":"sgd"}""",
            space.Defaults().ToJson());
    }

    [Fact]
    public void Search_space_samples_are_reproducible_ordered_and_contained()
    {
        var space = new SearchSpace([
            new IntParameter("units", 32, 512, 32),
            new FloatParameter("dropout", 0.0, 0.5, 0.1),
            new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log),
        ]);
        var first = space.Sample(DeterministicRandom.ForStream(42, "s"));
        var again = space.Sample(DeterministicRandom.ForStream(42, "s"));
        Assert.Equal(first, again);
        Assert.Equal(["units", "dropout", "learning_rate"], first.Names);
        Assert.True(space.Contains(first));
        Assert.False(space.Contains(first.With("units", HyperparameterValue.Int(33))));
    }

    private static double LogSpaceKolmogorovSmirnov(FloatParameter parameter, int n)
    {
        var random = new DeterministicRandom(2024);
        var (lo, hi) = (Math.Log(parameter.Min), Math.Log(parameter.Max));
        var u = Enumerable.Range(0, n).Select(_ => (Math.Log(parameter.Sample(random).AsDouble()) - lo) / (hi - lo)).Order().ToArray();
        var d = 0.0;
        for (var i = 0; i < n; i++)
            d = Math.Max(d, Math.Max((i + 1.0) / n - u[i], u[i] - (double)i / n));
        return d;
    }
}
