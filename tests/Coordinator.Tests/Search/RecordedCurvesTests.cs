using System.Globalization;
using System.Text.Json.Nodes;
using Tuner.Contracts;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.RandomSearch;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>Which recorded trial <see cref="RecordedCurves"/> replays for a configuration (<c>tuner simulate</c>): the
/// nearest in the normalized space, numeric choices compared by value, fixed hyperparameters the recording varies
/// counting.</summary>
public sealed class RecordedCurvesTests
{
    /// <summary>A results.json whose trial i has <paramref name="trials"/>[i]'s hyperparameters (JSON object text) and
    /// a flat 2-epoch curve at val_loss i + 1, so the val_loss a configuration replays names its recorded trial.</summary>
    private static string Recording(params string[] trials)
    {
        var list = new JsonArray();
        for (var i = 0; i < trials.Length; i++)
        {
            var value = i + 1.0;
            list.Add(new JsonObject
            {
                ["trialId"] = $"t-{i + 1:0000}",
                ["hyperparameters"] = JsonNode.Parse(trials[i]),
                ["status"] = "completed",
                ["seconds"] = 2.0,
                ["history"] = new JsonArray(
                    new JsonObject { ["epoch"] = 1, ["loss"] = value, ["val_loss"] = value },
                    new JsonObject { ["epoch"] = 2, ["loss"] = value, ["val_loss"] = value }),
            });
        }
        return new JsonObject { ["trials"] = list }.ToJsonString();
    }

    private static RecordedCurves Curves(SearchSpace space, params string[] trials) =>
        RecordedCurves.Parse(Recording(trials), "results.json", TaskKind.Forecast, space, ObjectiveKind.ValLoss, 2);

    /// <summary>The recorded trial (0-based) replayed for <paramref name="configuration"/>.</summary>
    private static int Replayed(RecordedCurves curves, params (string Name, HyperparameterValue Value)[] configuration)
    {
        var hyperparameters = new Hyperparameters(configuration.Select(p => new KeyValuePair<string, HyperparameterValue>(p.Name, p.Value)));
        return (int)curves.Epoch(hyperparameters, seed: 0, epoch: 1).ValLoss!.Value - 1;
    }

    private static ChoiceParameter Choice(string name, params HyperparameterValue[] values) => new(name, values.ToList().ToValueList());

    private static string Lr(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void A_recording_with_an_impossible_training_time_is_refused_naming_the_trial_and_its_task_word_in_any_case()
    {
        var space = new SearchSpace([Choice("batch_size", HyperparameterValue.Int(16), HyperparameterValue.Int(32))]);
        // 1e308 s per trial made the virtual clock infinite: the document could not be written (exit 1, .NET's words).
        var huge = Recording("""{"batch_size": 16}""").Replace("\"seconds\":2", "\"seconds\":1e308");
        var error = Assert.Throws<InvalidInputException>(() => RecordedCurves.Parse(huge, "results.json", TaskKind.Forecast, space, ObjectiveKind.ValLoss, 2));
        Assert.StartsWith("results.json: trials[0].seconds: 1E+308 is no training time", error.Message);
        // "Forecast" hand-written is this job's task (it said "recorded by a Forecast job; this job is a forecast").
        var capitalized = JsonNode.Parse(Recording("""{"batch_size": 16}"""))!.AsObject();
        capitalized["task"] = "Forecast";
        RecordedCurves.Parse(capitalized.ToJsonString(), "results.json", TaskKind.Forecast, space, ObjectiveKind.ValLoss, 2);
    }

    [Fact]
    public void A_recording_without_its_task_is_judged_by_its_curves()
    {
        // The shipped seattle recording has no "task": a classify job replayed its squared errors as cross-entropies.
        var space = new SearchSpace([new IntParameter("units", 8, 64)]);
        var forecast = Recording("""{"units": 8}""");
        var error = Assert.Throws<InvalidInputException>(() => RecordedCurves.Parse(forecast, "results.json", TaskKind.Classify, space, ObjectiveKind.ValLoss, 2));
        Assert.Equal("results.json: recorded by a forecast job (its curves have no accuracy); this job is a classify: replay curves recorded by a classify job", error.Message);
        var classifier = JsonNode.Parse(forecast)!;
        foreach (var epoch in classifier["trials"]![0]!["history"]!.AsArray()) epoch!["val_accuracy"] = 0.5;
        error = Assert.Throws<InvalidInputException>(() => RecordedCurves.Parse(classifier.ToJsonString(), "results.json", TaskKind.Forecast, space, ObjectiveKind.ValLoss, 2));
        Assert.StartsWith("results.json: recorded by a classify or generate job (its curves have accuracies); this job is a forecast", error.Message);
        Assert.Equal(1, RecordedCurves.Parse(classifier.ToJsonString(), "results.json", TaskKind.Generate, space, ObjectiveKind.ValLoss, 2).Count);
    }

    [Fact]
    public void A_diverged_trial_replays_its_divergence_and_a_stopped_short_one_is_not_used()
    {
        // Its history keeps the finite epochs only (results.json): it was dropped as too short, so no simulated search ever
        // met a diverging configuration.
        var recording = JsonNode.Parse(Recording("""{"units": 8}""", """{"units": 64}""", """{"units": 16}"""))!;
        var trials = recording["trials"]!.AsArray();
        trials[0]!["status"] = "diverged";
        trials[0]!["history"]!.AsArray().RemoveAt(1);
        trials[2]!["status"] = "stopped";
        trials[2]!["history"]!.AsArray().RemoveAt(1);
        var space = new SearchSpace([new IntParameter("units", 8, 64)]);
        var curves = RecordedCurves.Parse(recording.ToJsonString(), "results.json", TaskKind.Forecast, space, ObjectiveKind.ValLoss, 2);
        Assert.Equal(2, curves.Count);

        var near = new Hyperparameters([new("units", HyperparameterValue.Int(16))]);
        Assert.Equal(1.0, curves.Epoch(near, seed: 0, epoch: 1).ValLoss);
        Assert.True(double.IsNaN(curves.Epoch(near, seed: 0, epoch: 2).Loss));
        // Simulated: the configurations nearer 8 units than 64 diverge at epoch 2, the others complete.
        var algorithm = new RandomSearchAlgorithm(TestSpaces.Context(space: space), new RandomSearchSpec(MaxTrials: 20, ExecutionsPerTrial: 1, Epochs: 2));
        FleetSimulator.Run(algorithm, curves, 2);
        Assert.All(algorithm.Book.Trials(), t => Assert.Equal(t.Hyperparameters["units"].AsDouble() <= 36 ? TrialStatus.Diverged : TrialStatus.Completed, t.Status));
        Assert.Contains(algorithm.Book.Trials(), t => t.Status == TrialStatus.Diverged);
    }

    [Fact]
    public void A_numeric_choice_replays_the_recorded_trial_nearest_by_value()
    {
        // The seattle repro: a choice of two learning rates no recorded trial has exactly; each must replay the recorded
        // learning rate nearest to it (log scale: the values span 2.5 decades), not the first trial listed.
        var space = new SearchSpace([Choice("learning_rate", HyperparameterValue.Float(0.0001), HyperparameterValue.Float(0.03))]);
        var curves = Curves(space,
            $$"""{"learning_rate": {{Lr(0.00137)}}}""",
            $$"""{"learning_rate": {{Lr(0.000101)}}}""",
            $$"""{"learning_rate": {{Lr(0.0299)}}}""");
        Assert.Equal(1, Replayed(curves, ("learning_rate", HyperparameterValue.Float(0.0001))));
        Assert.Equal(2, Replayed(curves, ("learning_rate", HyperparameterValue.Float(0.03))));
    }

    [Fact]
    public void A_numeric_choice_is_nearer_to_the_next_value_than_to_a_far_one()
    {
        // batch sizes 16 / 32 / 64, none recorded at 32: 32 lies nearer 16 than 64 (a linear range: one decade at most),
        // whichever is listed first.
        var space = new SearchSpace([Choice("batch_size", HyperparameterValue.Int(16), HyperparameterValue.Int(32), HyperparameterValue.Int(64))]);
        var curves = Curves(space, """{"batch_size": 64}""", """{"batch_size": 16}""");
        Assert.Equal(1, Replayed(curves, ("batch_size", HyperparameterValue.Int(32))));
    }

    [Fact]
    public void A_recorded_float_equals_the_same_integer_choice_value()
    {
        // 16.0 recorded (a float) is the choice value 16 (an integer): the same number, so the nearest trial.
        var space = new SearchSpace([
            Choice("batch_size", HyperparameterValue.Int(16), HyperparameterValue.Int(64)),
            new FloatParameter("dropout", 0.0, 0.5),
        ]);
        var curves = Curves(space,
            """{"batch_size": 64, "dropout": 0.2}""",
            """{"batch_size": 16.0, "dropout": 0.2}""");
        Assert.Equal(1, Replayed(curves, ("batch_size", HyperparameterValue.Int(16)), ("dropout", HyperparameterValue.Float(0.2))));
        Assert.Equal(0, Replayed(curves, ("batch_size", HyperparameterValue.Int(64)), ("dropout", HyperparameterValue.Float(0.2))));
    }

    [Fact]
    public void A_fixed_hyperparameter_the_recording_varies_replays_trials_with_its_value()
    {
        // batch_size fixed at 16 and at 64 replay different trials: those recorded with that batch size, even when
        // another's tuned values are nearer.
        var recording = new[]
        {
            """{"units": 32, "batch_size": 16}""",
            """{"units": 64, "batch_size": 64}""",
            """{"units": 96, "batch_size": 16}""",
        };
        SearchSpace Space(long batch) => new([new IntParameter("units", 32, 128, 32), new FixedParameter("batch_size", HyperparameterValue.Int(batch))]);
        var at16 = Curves(Space(16), recording);
        var at64 = Curves(Space(64), recording);
        Assert.Equal(0, Replayed(at16, ("units", HyperparameterValue.Int(64)), ("batch_size", HyperparameterValue.Int(16))));
        Assert.Equal(2, Replayed(at16, ("units", HyperparameterValue.Int(96)), ("batch_size", HyperparameterValue.Int(16))));
        Assert.Equal(1, Replayed(at64, ("units", HyperparameterValue.Int(32)), ("batch_size", HyperparameterValue.Int(64))));
        Assert.Equal(1, Replayed(at64, ("units", HyperparameterValue.Int(96)), ("batch_size", HyperparameterValue.Int(64))));
        Assert.Equal(2, at16.Count);
        Assert.Equal(1, at64.Count);
    }

    [Fact]
    public void A_fixed_number_no_trial_has_replays_the_trials_with_the_nearest_value()
    {
        // Fixed at 48.0 (a float), recorded at 16 and 64: the trials at 64 (nearer), whatever their other values.
        var space = new SearchSpace([new IntParameter("units", 32, 128, 32), new FixedParameter("batch_size", HyperparameterValue.Float(48.0))]);
        var curves = Curves(space,
            """{"units": 64, "batch_size": 16}""",
            """{"units": 128, "batch_size": 64}""",
            """{"units": 32, "batch_size": 64}""");
        Assert.Equal(1, Replayed(curves, ("units", HyperparameterValue.Int(96)), ("batch_size", HyperparameterValue.Float(48.0))));
        Assert.Equal(2, Replayed(curves, ("units", HyperparameterValue.Int(64)), ("batch_size", HyperparameterValue.Float(48.0))));
    }

    [Fact]
    public void A_fixed_hyperparameter_the_recording_does_not_vary_changes_nothing()
    {
        // Every recorded trial has another cell type than the job fixes: all stay in use, the nearest by the tuned values.
        var space = new SearchSpace([new IntParameter("units", 32, 128, 32), new FixedParameter("cell", HyperparameterValue.String("gru"))]);
        var curves = Curves(space,
            """{"units": 32, "cell": "lstm"}""",
            """{"units": 128, "cell": "lstm"}""");
        Assert.Equal(2, curves.Count);
        Assert.Equal(1, Replayed(curves, ("units", HyperparameterValue.Int(96)), ("cell", HyperparameterValue.String("gru"))));
    }

    [Fact]
    public void A_string_choice_stays_categorical()
    {
        // Categories have no order: "rnn" (listed third) is no nearer "gru" (second) than "lstm" (first), so of two
        // mismatching trials the one listed first is replayed; a matching category outweighs a numeric step.
        var space = new SearchSpace([
            Choice("cell", HyperparameterValue.String("lstm"), HyperparameterValue.String("gru"), HyperparameterValue.String("rnn")),
            new IntParameter("units", 0, 100),
        ]);
        var mismatches = Curves(space, """{"cell": "lstm", "units": 50}""", """{"cell": "gru", "units": 50}""");
        Assert.Equal(0, Replayed(mismatches, ("cell", HyperparameterValue.String("rnn")), ("units", HyperparameterValue.Int(50))));
        var curves = Curves(space,
            """{"cell": "lstm", "units": 50}""",
            """{"cell": "gru", "units": 50}""",
            """{"cell": "rnn", "units": 10}""");
        Assert.Equal(2, Replayed(curves, ("cell", HyperparameterValue.String("rnn")), ("units", HyperparameterValue.Int(50))));
        Assert.Equal(1, Replayed(curves, ("cell", HyperparameterValue.String("gru")), ("units", HyperparameterValue.Int(10))));
    }

    [Fact]
    public void A_boolean_choice_stays_categorical()
    {
        var space = new SearchSpace([
            Choice("bidirectional", HyperparameterValue.Bool(false), HyperparameterValue.Bool(true)),
            new IntParameter("units", 0, 100),
        ]);
        var curves = Curves(space, """{"bidirectional": false, "units": 60}""", """{"bidirectional": true, "units": 0}""");
        Assert.Equal(1, Replayed(curves, ("bidirectional", HyperparameterValue.Bool(true)), ("units", HyperparameterValue.Int(60))));
    }

    [Fact]
    public void A_recorded_string_for_a_numeric_choice_is_refused()
    {
        var space = new SearchSpace([Choice("batch_size", HyperparameterValue.Int(16), HyperparameterValue.Int(64))]);
        var error = Assert.Throws<InvalidInputException>(() => Curves(space, """{"batch_size": "large"}"""));
        Assert.Contains("results.json: trials[0]: \"batch_size\" is \"large\", not a number as searchSpace.batch_size is", error.Message);
    }
}
