using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Jobs;

/// <summary>A search space whose largest model has more than <see cref="SpecLimits.MaxModelParameters"/> parameters is
/// refused with the fields to lower; the seeds' models stay far inside.</summary>
public sealed class ModelSizeTests
{
    [Fact]
    public void Fixed_units_4096_in_8_bidirectional_layers_are_refused_naming_the_fields_to_lower()
    {
        var problems = SpecJson.ProblemsWith("searchSpace", """
            { "units": { "type": "fixed", "value": 4096 }, "layers": { "type": "fixed", "value": 8 },
              "bidirectional": { "type": "choice", "values": [false, true] } }
            """);

        var problem = Assert.Single(problems);
        Assert.StartsWith("searchSpace: the largest model it allows (lstm, units 4096, layers 8, bidirectional) has 2,953,355,265 parameters; at most 134,217,728", problem);
        Assert.EndsWith("lower searchSpace.units, searchSpace.layers or searchSpace.bidirectional.values (to false)", problem);
    }

    [Fact]
    public void A_model_too_large_is_said_with_the_other_problems_not_after_they_are_fixed()
    {
        // The size depends on neither the name nor the algorithm: it was said only once those were right.
        var spec = SpecJson.With(SpecJson.Node(), "searchSpace.units", """{ "type": "fixed", "value": 4096 }""");
        SpecJson.With(spec, "model.layers", "8");
        SpecJson.With(spec, "name", "\"Sine LSTM\"");
        SpecJson.With(spec, "algorithm.factor", "1");

        var problems = SpecJson.Problems(spec.ToJsonString());

        Assert.Equal(3, problems.Count);
        Assert.StartsWith("name: ", problems[0]);
        Assert.StartsWith("algorithm.factor: ", problems[1]);
        Assert.StartsWith("searchSpace: the largest model it allows (lstm, units 4096, layers 8) has 1,006,915,585 parameters", problems[2]);
    }

    [Theory]
    [InlineData("model.layers", "99")] // what the size is counted from is wrong: it cannot be counted
    [InlineData("model.cel", "\"gru\"")] // misspelt: the LSTM the missing cell stood for is not the user's model
    public void A_model_size_is_not_judged_while_a_field_it_depends_on_has_a_problem(string path, string value)
    {
        // Two GRU layers of 3,500 units have 110 million parameters; as LSTMs, 147 million: too many.
        var spec = SpecJson.With(SpecJson.Node(), "searchSpace.units", """{ "type": "fixed", "value": 3500 }""");
        SpecJson.With(spec, "model", """{ "cell": "gru", "layers": 2 }""");
        Assert.Empty(SpecJson.Problems(spec.ToJsonString()));
        if (path == "model.cel") SpecJson.With(spec, "model.cell", null);
        SpecJson.With(spec, path, value);

        var problem = Assert.Single(SpecJson.Problems(spec.ToJsonString()));

        Assert.StartsWith($"{path}: ", problem);
    }

    [Fact]
    public void An_int_range_is_judged_by_its_largest_reachable_value()
    {
        // Max 4,096 with step 100 from 1 reaches 4,001.
        var spec = SpecJson.With(SpecJson.Node(), "searchSpace.units", """{ "type": "int", "min": 1, "max": 4096, "step": 100 }""");
        SpecJson.With(spec, "searchSpace.layers", """{ "type": "int", "min": 1, "max": 2 }""");

        var problem = Assert.Single(SpecJson.Problems(spec.ToJsonString()));

        Assert.Contains("(lstm, units 4001, layers 2) has 192,180,034 parameters", problem);
        Assert.EndsWith("lower searchSpace.units.max or searchSpace.layers.max", problem);
    }

    [Fact]
    public void A_layers_gates_for_a_batch_past_one_array_are_refused_naming_window_batch_and_units_unless_the_data_is_smaller()
    {
        // 2,000 steps × batch 4,096 × 4 gates × 128 units = 4.2e9 values: every trial would fail with an overflow.
        var json = SpecJson.With(SpecJson.Node(), "window", "2000");
        SpecJson.With(json, "data", """{ "kind": "sine", "length": 10000 }""");
        SpecJson.With(json, "searchSpace.units", """{ "type": "int", "min": 32, "max": 128, "step": 32 }""");
        SpecJson.With(json, "searchSpace.batch_size", """{ "type": "choice", "values": [32, 4096] }""");
        var spec = JobSpecParser.Parse(json.ToJsonString());
        var data = ModelSize.Known(spec);

        Assert.Equal("the largest model it allows keeps 4,194,304,000 values per layer for one batch (2000 steps × batch 4096 × "
            + "4 gates × 128 units), more than one array holds (2,147,483,591): lower window, searchSpace.batch_size.values or searchSpace.units.max",
            ModelSize.LargestStepProblem(spec, data, samples: 8000));
        Assert.Null(ModelSize.LargestStepProblem(spec, data, samples: 1000)); // no batch is larger than the data's samples
    }

    [Fact]
    public void An_embedding_wider_than_the_gates_is_what_the_step_is_judged_by()
    {
        // A character model: embedding 3,072 over 16 units; 100 steps × batch 65,536 × 3,072 = 2.0e10.
        var spec = SpecJson.ParseWith("searchSpace.units", """{ "type": "fixed", "value": 16 }""") with { Window = 100, BatchSize = 65_536 };
        var settings = TrainingSettings.Resolve(spec, spec.SearchSpace.Defaults()) with { EmbeddingDim = 3072 };
        var problem = ModelSize.StepProblem(spec, settings, new ModelSize.DataSizes(1, 60, 60), batch: 100_000);
        Assert.Equal("the model keeps 20,132,659,200 values per layer for one batch (100 steps × batch 65536 × embedding 3072), more than one array "
            + "holds (2,147,483,591): lower window, batch_size or embedding_dim", problem);
    }

    [Fact]
    public void The_seeds_largest_models_stay_far_inside_the_limit()
    {
        // Units up to 512 in 3 bidirectional LSTM layers, over an Embedding(10000, 32) as the IMDB seed.
        var settings = new TrainingSettings(CellKind.Lstm, 3, 512, ActivationKind.Tanh, 0, 0, 1e-3, OptimizerKind.Adam, 32, 0, null, Bidirectional: true, EmbeddingDim: 32);

        var count = ModelSize.Parameters(settings, new ModelSize.DataSizes(1, 10_000 + TokenizerSpec.ReservedIds, 1));

        Assert.InRange(count, 1, SpecLimits.MaxModelParameters / 8);
        Assert.Empty(SpecJson.ProblemsWith("searchSpace.layers", """{ "type": "int", "min": 1, "max": 3 }"""));
    }

    [Fact]
    public void A_text_classifications_embedding_table_is_counted_and_its_fields_named()
    {
        var spec = SpecJson.Node();
        SpecJson.With(spec, "task", "\"classify\"");
        SpecJson.With(spec, "data", """{ "kind": "csv", "content": "review,score\na,1\n", "text": "review", "label": "score" }""");
        spec.Remove("window");
        SpecJson.With(spec, "tokenizer", """{ "vocabSize": 1000000 }""");
        SpecJson.With(spec, "searchSpace.embedding_dim", """{ "type": "choice", "values": [16, 4096] }""");

        var problem = Assert.Single(SpecJson.Problems(spec.ToJsonString()));

        Assert.Contains("embedding 1000002 × 4096", problem);
        Assert.EndsWith("lower tokenizer.vocabSize or searchSpace.embedding_dim.values", problem);
    }

    [Fact]
    public void A_configuration_too_large_names_the_hyperparameters_to_lower()
    {
        var spec = JobSpecParser.Parse(SpecJson.Example);
        var configuration = HyperparameterOverrides.Apply(spec, ["units=4096", "layers=8"]);

        var problem = ModelSize.Problem(TrainingSettings.Resolve(spec, configuration), ModelSize.Known(spec));

        Assert.Equal("the model (lstm, units 4096, layers 8) has 1,006,915,585 parameters; at most 134,217,728 are trained (2 GiB of training state: " +
            "each parameter's weight, gradient and two optimizer moments): lower units or layers", problem);
        Assert.Null(ModelSize.Problem(TrainingSettings.Resolve(spec, spec.SearchSpace.Defaults()), ModelSize.Known(spec)));
    }
}
