using Tuner.Contracts.Jobs;

namespace Tuner.Contracts.Tests.Jobs;

public sealed class JobSpecFingerprintTests
{
    private static readonly JobSpec Original = JobSpecParser.Parse(SpecJson.Example);

    [Fact]
    public void Equal_specs_have_equal_fingerprints_and_no_differences()
    {
        var again = JobSpecParser.Parse(SpecJson.Example);
        Assert.Equal(Original.Fingerprint(), again.Fingerprint());
        Assert.StartsWith("sha256:", Original.Fingerprint());
        Assert.Empty(Original.Differences(again));
    }

    [Fact]
    public void Writing_a_default_explicitly_changes_nothing()
    {
        var explicitDefaults = SpecJson.With(SpecJson.With(SpecJson.Node(), "horizon", "1"), "normalize", "\"standard\"").ToJsonString();
        Assert.Empty(Original.Differences(JobSpecParser.Parse(explicitDefaults)));
        Assert.Equal(Original.Fingerprint(), JobSpecParser.Parse(explicitDefaults).Fingerprint());
    }

    [Fact]
    public void Bayesian_numInitialPoints_written_at_its_default_changes_nothing()
    {
        // Its default depends on the search space (3 × the 3 tuned hyperparameters): compared resolved, not as absent.
        var bayesian = SpecJson.ParseWith("algorithm", """{"type": "bayesian", "maxTrials": 2, "epochs": 1}""");
        var explicitNine = SpecJson.ParseWith("algorithm", """{"type": "bayesian", "maxTrials": 2, "epochs": 1, "numInitialPoints": 9}""");
        Assert.Empty(bayesian.Differences(explicitNine));
        Assert.Equal(bayesian.Fingerprint(), explicitNine.Fingerprint());
        var six = SpecJson.ParseWith("algorithm", """{"type": "bayesian", "maxTrials": 2, "epochs": 1, "numInitialPoints": 6}""");
        Assert.Equal(["algorithm.numInitialPoints: was 9, now 6"], bayesian.Differences(six));
        // A fixed hyperparameter is not tuned, so the default follows the space: 3 × 2.
        var fixedRoot = SpecJson.With(SpecJson.Node(), "algorithm", """{"type": "bayesian", "maxTrials": 2, "epochs": 1}""");
        var fixedDropout = JobSpecParser.Parse(SpecJson.With(fixedRoot, "searchSpace.dropout", """{"type": "fixed", "value": 0.1}""").ToJsonString());
        Assert.Equal(6, ((BayesianSpec)fixedDropout.Algorithm).InitialPoints(fixedDropout.SearchSpace));
    }

    [Theory]
    [InlineData("searchSpace.units.max", "256", "searchSpace.units.max: was 512, now 256")]
    [InlineData("seed", "7", "seed: was 42, now 7")]
    [InlineData("algorithm.factor", "2", "algorithm.factor: was 3, now 2")]
    [InlineData("data.noise", "0.2", "data.noise: was 0.1, now 0.2")]
    [InlineData("window", "20", "window: was 10, now 20")]
    [InlineData("objective", "\"loss\"", "objective: was \"val_loss\", now \"loss\"")]
    [InlineData("model.cell", "\"gru\"", "model.cell: was \"lstm\", now \"gru\"")]
    [InlineData("batchSize", "64", "batchSize: was 32, now 64")]
    [InlineData("clipnorm", "1", "clipnorm: was absent, now 1")]
    [InlineData("searchSpace.l2", """{"type": "float", "min": 0, "max": 0.1}""", "searchSpace.l2.type: was absent, now \"float\"")]
    [InlineData("searchSpace.dropout", null, "searchSpace.dropout.type: was \"float\", now absent")]
    public void A_change_that_alters_the_search_is_listed_by_path(string path, string? value, string expected)
    {
        var changed = SpecJson.ParseWith(path, value);
        Assert.Contains(expected, Original.Differences(changed));
        Assert.NotEqual(Original.Fingerprint(), changed.Fingerprint());
    }

    [Theory]
    [InlineData("name", "\"renamed\"")]
    [InlineData("description", "\"notes\"")]
    [InlineData("epochs", "5")]
    [InlineData("searchSpace.units.default", "64")] // only tuner train reads it
    public void Changes_that_do_not_alter_the_search_are_ignored(string path, string value)
    {
        var changed = SpecJson.ParseWith(path, value);
        Assert.Empty(Original.Differences(changed));
        Assert.Equal(Original.Fingerprint(), changed.Fingerprint());
    }

    [Fact]
    public void Changing_the_algorithm_type_lists_each_changed_field()
    {
        var changed = SpecJson.ParseWith("algorithm", """{"type": "random", "maxTrials": 5}""");
        var differences = Original.Differences(changed);
        Assert.Contains("algorithm.type: was \"hyperband\", now \"random\"", differences);
        Assert.Contains("algorithm.maxEpochs: was 50, now absent", differences);
        Assert.Contains("algorithm.maxTrials: was absent, now 5", differences);
    }

    [Fact]
    public void Reordering_the_search_space_is_a_difference()
    {
        var reordered = SpecJson.ParseWith("searchSpace", """
            { "dropout": { "type": "float", "min": 0.0, "max": 0.5, "step": 0.1 },
              "units": { "type": "int", "min": 32, "max": 512, "step": 32 },
              "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-2, "sampling": "log" } }
            """);
        Assert.Equal(["searchSpace: order was units, dropout, learning_rate, now dropout, units, learning_rate (the order decides the random draws)"],
            Original.Differences(reordered));
        Assert.NotEqual(Original.Fingerprint(), reordered.Fingerprint());
    }

    [Fact]
    public void Inline_csv_content_differs_by_digest_not_by_text()
    {
        var a = SpecJson.ParseWith("data", """{"kind": "csv", "content": "x\n1\n2\n", "target": "x"}""");
        var b = SpecJson.ParseWith("data", """{"kind": "csv", "content": "x\n1\n3\n", "target": "x"}""");
        var line = Assert.Single(a.Differences(b));
        Assert.StartsWith("data.content: was \"sha256:", line);
        Assert.DoesNotContain("\n", line);
    }
}
