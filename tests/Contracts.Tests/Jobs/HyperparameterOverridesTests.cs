using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Jobs;

public sealed class HyperparameterOverridesTests
{
    private static readonly JobSpec Spec = JobSpecParser.Parse(SpecJson.Example);

    [Fact]
    public void Without_sets_the_defaults_are_used()
    {
        Assert.Equal("""{"units":32,"dropout":0.0,"learning_rate":0.0001}""", HyperparameterOverrides.Apply(Spec, []).ToJson());
    }

    [Fact]
    public void Sets_replace_in_place_and_add_unsearched_known_names()
    {
        var configuration = HyperparameterOverrides.Apply(Spec, ["units=100", "learning_rate=3e-3", "cell=gru"]);
        Assert.Equal("""{"units":100,"dropout":0.0,"learning_rate":0.003,"cell":"gru"}""", configuration.ToJson());
    }

    [Fact]
    public void An_integer_written_as_the_spec_may_write_it_is_one()
    {
        // The spec reads 8.0 and 1e2 as integers; --set refused them.
        Assert.Equal("""{"units":100,"dropout":0.0,"learning_rate":0.0001,"layers":2}""", HyperparameterOverrides.Apply(Spec, ["units=1e2", "layers=2.0"]).ToJson());
        Assert.Equal(["--set units=8.5: units must be an integer (got \"8.5\")"], Assert.Throws<InvalidInputException>(() => HyperparameterOverrides.Apply(Spec, ["units=8.5"])).Problems);
    }

    [Fact]
    public void Every_bad_set_is_reported()
    {
        var error = Assert.Throws<InvalidInputException>(() => HyperparameterOverrides.Apply(Spec,
            ["units=abc", "dropout=1.5", "unit=3", "cell=rnn", "noequals", "units=3"]));
        Assert.Equal(
            [
                "--set units=abc: units must be an integer (got \"abc\")",
                "--set dropout=1.5: dropout must be in [0, 1) (got 1.5)",
                "--set unit=3: unknown hyperparameter; did you mean \"units\"? (known: units, dropout, learning_rate, layers, cell, optimizer, batch_size, recurrent_dropout, l2, embedding_dim, bidirectional)",
                "--set cell=rnn: cell must be one of lstm, gru (got \"rnn\")",
                "--set noequals: expected NAME=VALUE, e.g. --set units=128",
                "--set units=3: units is set twice; keep one",
            ],
            error.Problems);
    }

    [Fact]
    public void Embedding_dim_is_refused_as_the_search_space_refuses_it_unless_the_model_reads_tokens()
    {
        // A forecast has no embedding: the value was accepted, reported as set, and changed nothing.
        var error = Assert.Throws<InvalidInputException>(() => HyperparameterOverrides.Apply(Spec, ["embedding_dim=8"]));
        Assert.Equal(["--set embedding_dim=8: " + HyperparameterCatalog.NoEmbedding], error.Problems);
        Assert.Equal(["searchSpace.embedding_dim: " + HyperparameterCatalog.NoEmbedding],
            SpecJson.ProblemsWith("searchSpace.embedding_dim", """{"type": "fixed", "value": 8}"""));

        var generate = JobSpecParser.Parse("""
            {"name": "g", "task": "generate", "data": {"kind": "text", "content": "It is a truth universally acknowledged."}, "window": 20,
             "searchSpace": {"units": {"type": "fixed", "value": 4}}, "algorithm": {"type": "random", "maxTrials": 1, "epochs": 1}}
            """);
        Assert.Equal(8, HyperparameterOverrides.Apply(generate, ["embedding_dim=8"])[HyperparameterCatalog.EmbeddingDimName].AsInt32());
    }

    [Fact]
    public void Training_settings_resolve_from_configuration_then_spec_then_defaults()
    {
        var settings = TrainingSettings.Resolve(Spec, new Hyperparameters([
            new("units", HyperparameterValue.Int(64)),
            new("learning_rate", HyperparameterValue.Float(0.01)),
            new("cell", HyperparameterValue.String("gru")),
        ]));
        Assert.Equal(new TrainingSettings(CellKind.Gru, 1, 64, ActivationKind.Tanh, 0, 0, 0.01, OptimizerKind.Adam, 32, 0, null), settings);

        var bare = TrainingSettings.Resolve(Spec, Hyperparameters.Empty);
        Assert.Equal(TrainingSettings.DefaultUnits, bare.Units);
        Assert.Equal(TrainingSettings.DefaultLearningRate, bare.LearningRate);
        Assert.Equal(CellKind.Lstm, bare.Cell);
    }
}
