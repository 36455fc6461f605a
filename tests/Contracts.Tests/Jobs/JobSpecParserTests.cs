using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Jobs;

public sealed class JobSpecParserTests
{
    [Fact]
    public void The_product_example_parses_into_every_field()
    {
        var spec = JobSpecParser.Parse(SpecJson.Example);

        Assert.Equal("sine-lstm", spec.Name);
        Assert.Equal(42, spec.Seed);
        Assert.Equal(new SyntheticDataSpec(DataKind.Sine, 1000, 0.1), spec.Data);
        Assert.Equal(10, spec.Window);
        Assert.Equal(1, spec.Horizon);
        Assert.Equal(0.2, spec.ValidationSplit);
        Assert.Equal(32, spec.BatchSize);
        Assert.Equal(new ModelSpec(CellKind.Lstm, 1, ActivationKind.Tanh), spec.Model);
        Assert.Equal(ObjectiveKind.ValLoss, spec.Objective);
        Assert.Equal(new HyperbandSpec(50, 3, 1), spec.Algorithm);
        Assert.Equal(
            [
                new IntParameter("units", 32, 512, 32),
                new FloatParameter("dropout", 0.0, 0.5, 0.1),
                new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log),
            ],
            spec.SearchSpace.Parameters);
    }

    [Fact]
    public void A_minimal_spec_gets_the_documented_defaults()
    {
        var spec = JobSpecParser.Parse("""
            { "name": "m", "data": { "kind": "weather" }, "window": 7,
              "searchSpace": { "units": { "type": "choice", "values": [16, 32] } },
              "algorithm": { "type": "random" } }
            """);

        Assert.Equal(0, spec.Seed);
        Assert.Null(spec.Description);
        Assert.Equal(new SyntheticDataSpec(DataKind.Weather, 1000, 0.1), spec.Data);
        Assert.Equal(1, spec.Horizon);
        Assert.Equal(0.2, spec.ValidationSplit);
        Assert.Equal(Normalization.Standard, spec.Normalize);
        Assert.Equal(32, spec.BatchSize);
        Assert.Equal(new ModelSpec(CellKind.Lstm, 1, ActivationKind.Tanh), spec.Model);
        Assert.Equal(OptimizerKind.Adam, spec.Optimizer);
        Assert.Null(spec.Clipnorm);
        Assert.Null(spec.Epochs);
        Assert.Equal(ObjectiveKind.ValLoss, spec.Objective);
        Assert.Equal(new RandomSearchSpec(10, 1, 10), spec.Algorithm);
    }

    [Fact]
    public void Algorithm_defaults_for_hyperband_and_asha()
    {
        Assert.Equal(new HyperbandSpec(27, 3, 1), SpecJson.ParseWith("algorithm", """{"type": "hyperband", "maxEpochs": 27}""").Algorithm);
        Assert.Equal(new AshaSpec(81, 1, 3, 100), SpecJson.ParseWith("algorithm", """{"type": "asha", "maxEpochs": 81}""").Algorithm);
        Assert.Equal(new AshaSpec(81, 3, 4, 500),
            SpecJson.ParseWith("algorithm", """{"type": "asha", "maxEpochs": 81, "minEpochs": 3, "factor": 4, "maxTrials": 500}""").Algorithm);
    }

    [Fact]
    public void Algorithm_defaults_for_bayesian_tpe_bohb_and_grid()
    {
        Assert.Equal(new BayesianSpec(10, null, 1e-4, 2.6, 1, 10), SpecJson.ParseWith("algorithm", """{"type": "bayesian"}""").Algorithm);
        Assert.Equal(new BayesianSpec(40, 5, 1e-3, 1.5, 2, 20),
            SpecJson.ParseWith("algorithm", """{"type": "bayesian", "maxTrials": 40, "numInitialPoints": 5, "alpha": 1e-3, "beta": 1.5, "executionsPerTrial": 2, "epochs": 20}""").Algorithm);
        Assert.Equal(new TpeSpec(10, 10, 1, 10), SpecJson.ParseWith("algorithm", """{"type": "tpe"}""").Algorithm);
        Assert.Equal(new TpeSpec(50, 0, 1, 7), SpecJson.ParseWith("algorithm", """{"type": "tpe", "maxTrials": 50, "startupTrials": 0, "epochs": 7}""").Algorithm);
        Assert.Equal(new BohbSpec(27, 3, 1), SpecJson.ParseWith("algorithm", """{"type": "bohb", "maxEpochs": 27}""").Algorithm);
    }

    [Fact]
    public void Optional_training_knobs_parse()
    {
        var json = SpecJson.With(SpecJson.With(SpecJson.With(SpecJson.Node(), "optimizer", "\"rmsprop\""), "clipnorm", "1.5"), "epochs", "20").ToJsonString();
        var spec = JobSpecParser.Parse(json);
        Assert.Equal(OptimizerKind.Rmsprop, spec.Optimizer);
        Assert.Equal(1.5, spec.Clipnorm);
        Assert.Equal(20, spec.Epochs);
    }

    [Fact]
    public void Csv_data_with_inline_content_defaults_features_to_the_target()
    {
        var spec = SpecJson.ParseWith("data", """{"kind": "csv", "content": "t,temp\n1,2\n", "target": "temp"}""");
        Assert.Equal(new CsvDataSpec(null, "t,temp\n1,2\n", "temp", ["temp"]), spec.Data);
    }

    [Fact]
    public void Csv_data_with_a_path_and_features()
    {
        var spec = SpecJson.ParseWith("data", """{"kind": "csv", "path": "data/w.csv", "target": "temp", "features": ["temp", "humidity"]}""");
        Assert.Equal(new CsvDataSpec("data/w.csv", null, "temp", ["temp", "humidity"]), spec.Data);
    }

    [Fact]
    public void Integral_numbers_written_as_floats_are_accepted_as_integers()
    {
        var spec = SpecJson.ParseWith("window", "1.2e1");
        Assert.Equal(12, spec.Window);
    }

    [Fact]
    public void Choice_values_of_a_real_hyperparameter_are_floats_even_when_written_as_integers()
    {
        var spec = SpecJson.ParseWith("searchSpace.dropout", """{"type": "choice", "values": [0, 0.25]}""");
        var choice = Assert.IsType<ChoiceParameter>(spec.SearchSpace.Find("dropout"));
        Assert.Equal([HyperparameterValue.Float(0), HyperparameterValue.Float(0.25)], choice.Values);
    }

    [Fact]
    public void Explicit_null_means_left_out_for_optional_fields()
    {
        Assert.Null(SpecJson.ParseWith("clipnorm", "null").Clipnorm);
        Assert.Equal(1, SpecJson.ParseWith("horizon", "null").Horizon);
    }

    [Fact]
    public void Words_and_defaults_in_search_space_entries_parse()
    {
        var spec = JobSpecParser.Parse(SpecJson.With(SpecJson.With(SpecJson.Node(),
            "searchSpace.cell", """{"type": "choice", "values": ["lstm", "gru"], "default": "gru"}"""),
            "searchSpace.optimizer", """{"type": "fixed", "value": "sgd"}""").ToJsonString());
        Assert.Equal(new ChoiceParameter("cell", [HyperparameterValue.String("lstm"), HyperparameterValue.String("gru")], HyperparameterValue.String("gru")),
            spec.SearchSpace.Find("cell"));
        Assert.Equal(new FixedParameter("optimizer", HyperparameterValue.String("sgd")), spec.SearchSpace.Find("optimizer"));
    }

    // One rule per row: the edit of the PRODUCT.md example, and the exact line reported.
    [Theory]
    // name
    [InlineData("name", null, "name: is required, e.g. \"name\": \"sine-lstm\"")]
    [InlineData("name", "\"Sine_LSTM\"", "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got \"Sine_LSTM\"), e.g. \"sine-lstm\"")]
    [InlineData("name", "\"\"", "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got \"\")")]
    [InlineData("name", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\")")]
    [InlineData("name", "\"-abc\"", "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got \"-abc\"), e.g. \"abc\"")]
    [InlineData("name", "7", "name: must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit (got 7)")]
    // seed
    [InlineData("seed", "1.5", "seed: must be an integer (got 1.5)")]
    [InlineData("seed", "\"42\"", "seed: must be an integer (got \"42\")")]
    [InlineData("seed", "1e40", "seed: is too large for an integer (got 1e40)")]
    [InlineData("seed", "-99999999999999999999", "seed: is too small for an integer (got -99999999999999999999)")]
    // unknown fields
    [InlineData("seeds", "1", "seeds: unknown field; did you mean \"seed\"?")]
    [InlineData("validation_split", "0.2", "validation_split: unknown field; did you mean \"validationSplit\"?")]
    [InlineData("zzz", "1", "zzz: unknown field; allowed: name, description, seed, task, data, tokenizer, window, horizon, validationSplit, normalize, batchSize, model, optimizer, clipnorm, epochs, searchSpace, objective, algorithm")]
    // data
    [InlineData("data", null, "data: is required, e.g. \"data\": {\"kind\": \"sine\", \"length\": 1000, \"noise\": 0.1}")]
    [InlineData("data", "[]", "data: must be an object (got an array)")]
    [InlineData("data.kind", null, "data.kind: is required, e.g. \"kind\": \"sine\"")]
    [InlineData("data.kind", "\"sin\"", "data.kind: must be one of sine, weather, csv, text (got \"sin\"); did you mean \"sine\"?")]
    [InlineData("data.length", "1", "data.length: must be an integer from 2 to 10000000 (got 1)")]
    [InlineData("data.noise", "-0.1", "data.noise: must be in [0, 1e6] (got -0.1)")]
    [InlineData("data.noise", "\"low\"", "data.noise: must be a number (got \"low\")")]
    [InlineData("data.path", "\"a.csv\"", "data.path: only used with kind \"csv\" or \"text\" (got kind \"sine\"); remove it")]
    [InlineData("data.target", "\"y\"", "data.target: only used with kind \"csv\" (got kind \"sine\"); remove it")]
    [InlineData("data.lenght", "5", "data.lenght: unknown field; did you mean \"length\"?")]
    // window, horizon, split, normalize, batch size
    [InlineData("window", null, "window: is required, e.g. \"window\": 10")]
    [InlineData("window", "0", "window: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("window", "2.5", "window: must be an integer (got 2.5)")]
    [InlineData("window", "1e30", "window: must be an integer from 1 to 10000 (got 1e30)")]
    [InlineData("horizon", "0", "horizon: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("window", "999", "window: window 999 and horizon 1 leave 1 sample of data.length 1000; need 2 (a training and a validation sample): use a smaller window or a longer series")]
    [InlineData("window", "1000", "window: window 1000 and horizon 1 leave 0 samples of data.length 1000; need 2 (a training and a validation sample): use a smaller window or a longer series")]
    // The field at fault is named: the horizon, or the split (window got the blame for both).
    [InlineData("horizon", "995", "horizon: window 10 and horizon 995 leave 0 samples of data.length 1000; need 2 (a training and a validation sample): use a smaller horizon or a longer series")]
    [InlineData("validationSplit", "0.99999", "validationSplit: 0.99999 leaves no training sample of the 990 samples of data.length 1000 that window 10 and horizon 1 leave: lower validationSplit or use a longer series")]
    [InlineData("validationSplit", "1e-20", "validationSplit: 1E-20 leaves no validation sample of the 990 samples of data.length 1000 that window 10 and horizon 1 leave: raise validationSplit to at least 0.00101, use a longer series, or set 0 for no validation")]
    [InlineData("validationSplit", "1", "validationSplit: must be in [0, 1) (got 1)")]
    [InlineData("validationSplit", "-0.1", "validationSplit: must be in [0, 1) (got -0.1)")]
    [InlineData("validationSplit", "0", "validationSplit: must be > 0 when the objective is val_loss (or set \"objective\": \"loss\")")]
    [InlineData("normalize", "\"zscore\"", "normalize: must be one of standard, none (got \"zscore\")")]
    [InlineData("batchSize", "0", "batchSize: must be an integer from 1 to 65536 (got 0)")]
    // model and training knobs
    [InlineData("model.cell", "\"LSTM\"", "model.cell: must be one of lstm, gru (got \"LSTM\"); did you mean \"lstm\"?")]
    [InlineData("model.layers", "9", "model.layers: must be an integer from 1 to 8 (got 9)")]
    [InlineData("model.activation", "\"sigmoid\"", "model.activation: must be one of tanh, relu (got \"sigmoid\")")]
    [InlineData("model.units", "64", "model.units: unknown field; allowed: cell, layers, activation, bidirectional, embeddingDim")]
    [InlineData("optimizer", "\"adamw\"", "optimizer: must be one of adam, rmsprop, sgd (got \"adamw\"); did you mean \"adam\"?")]
    [InlineData("clipnorm", "0", "clipnorm: must be > 0 (got 0); leave it out for no clipping")]
    [InlineData("epochs", "0", "epochs: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("objective", "\"accuracy\"", "objective: accuracy needs task classify or generate (a forecast has no accuracy); use val_loss or loss")]
    [InlineData("objective", "\"valloss\"", "objective: must be one of val_loss, loss, val_accuracy, accuracy (got \"valloss\"); did you mean \"val_loss\"?")]
    [InlineData("description", "\"\"", "description: must not be empty")]
    // algorithm
    [InlineData("algorithm", null, "algorithm: is required, e.g. \"algorithm\": {\"type\": \"hyperband\", \"maxEpochs\": 50, \"factor\": 3}")]
    [InlineData("algorithm.type", null, "algorithm.type: is required, e.g. \"type\": \"hyperband\"")]
    [InlineData("algorithm.type", "\"smac\"", "algorithm.type: must be one of hyperband, random, asha, bayesian, tpe, bohb, grid (got \"smac\")")]
    [InlineData("algorithm.maxEpochs", null, "algorithm.maxEpochs: is required, e.g. \"maxEpochs\": 50")]
    [InlineData("algorithm.maxEpochs", "0", "algorithm.maxEpochs: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("algorithm.factor", "1", "algorithm.factor: must be an integer from 2 to 100 (got 1)")]
    [InlineData("algorithm.factor", "2.5", "algorithm.factor: must be an integer (got 2.5)")]
    [InlineData("algorithm.iterations", "0", "algorithm.iterations: must be an integer from 1 to 100 (got 0)")]
    [InlineData("algorithm.maxTrials", "10", "algorithm.maxTrials: unknown field for hyperband; allowed: type, maxEpochs, factor, iterations")]
    [InlineData("algorithm.max_epochs", "10", "algorithm.max_epochs: unknown field for hyperband; did you mean \"maxEpochs\"?")]
    // search space: structure and names
    [InlineData("searchSpace", null, "searchSpace: is required, e.g. \"searchSpace\": {\"units\": {\"type\": \"int\", \"min\": 32, \"max\": 256, \"step\": 32}}")]
    [InlineData("searchSpace", "{}", "searchSpace: must list at least one hyperparameter, e.g. \"units\": {\"type\": \"int\", \"min\": 32, \"max\": 256, \"step\": 32}")]
    [InlineData("searchSpace", "[]", "searchSpace: must be an object (got an array)")]
    [InlineData("searchSpace.learningRate", """{"type": "float", "min": 0.1, "max": 0.2}""", "searchSpace.learningRate: unknown hyperparameter; did you mean \"learning_rate\"? known: units, dropout, learning_rate, layers, cell, optimizer, batch_size, recurrent_dropout, l2, embedding_dim, bidirectional")]
    [InlineData("searchSpace.momentum", """{"type": "float", "min": 0.1, "max": 0.2}""", "searchSpace.momentum: unknown hyperparameter; known: units, dropout, learning_rate, layers, cell, optimizer, batch_size, recurrent_dropout, l2, embedding_dim, bidirectional")]
    [InlineData("searchSpace.units", "32", "searchSpace.units: must be an object (got 32)")]
    [InlineData("searchSpace.units.type", null, "searchSpace.units.type: is required, e.g. \"type\": \"int\" (one of int, choice, fixed)")]
    [InlineData("searchSpace.units.type", "\"integer\"", "searchSpace.units.type: must be one of int, float, choice, fixed (got \"integer\")")]
    [InlineData("searchSpace.units.type", "\"float\"", "searchSpace.units.type: units is an integer hyperparameter; use int, choice, fixed (got \"float\")")]
    [InlineData("searchSpace.dropout.type", "\"int\"", "searchSpace.dropout.type: dropout is a real-valued hyperparameter; use float, choice, fixed (got \"int\")")]
    [InlineData("searchSpace.cell", """{"type": "int", "min": 1, "max": 2}""", "searchSpace.cell.type: cell is a word-valued hyperparameter; use choice, fixed (got \"int\")")]
    // int entries
    [InlineData("searchSpace.units.min", null, "searchSpace.units.min: is required, e.g. \"min\": 32")]
    [InlineData("searchSpace.units.min", "32.5", "searchSpace.units.min: must be an integer (got 32.5)")]
    [InlineData("searchSpace.units.max", "\"512\"", "searchSpace.units.max: must be an integer (got \"512\")")]
    [InlineData("searchSpace.units.max", "99999999999999999999", "searchSpace.units.max: is too large for an integer (got 99999999999999999999)")]
    [InlineData("searchSpace.units.min", "1024", "searchSpace.units.min: must be <= max (got min 1024, max 512); swap them")]
    [InlineData("searchSpace.units.min", "0", "searchSpace.units.min: must be an integer from 1 to 4096 (got 0)")]
    [InlineData("searchSpace.units.step", "0", "searchSpace.units.step: must be > 0 (got 0)")]
    [InlineData("searchSpace.units.step", "-32", "searchSpace.units.step: must be > 0 (got -32)")]
    [InlineData("searchSpace.units.step", "1.5", "searchSpace.units.step: must be an integer (got 1.5)")]
    [InlineData("searchSpace.units.sampling", "\"logarithmic\"", "searchSpace.units.sampling: must be one of linear, log (got \"logarithmic\")")]
    [InlineData("searchSpace.units.default", "50", "searchSpace.units.default: must lie on the grid min + k·step (32, 64, …) (got 50)")]
    [InlineData("searchSpace.units.default", "544", "searchSpace.units.default: must lie within [min, max] = [32, 512] (got 544)")]
    [InlineData("searchSpace.units.stpe", "32", "searchSpace.units.stpe: unknown field for type int; did you mean \"step\"?")]
    [InlineData("searchSpace.layers", """{"type": "int", "min": 1, "max": 12}""", "searchSpace.layers.max: must be an integer from 1 to 8 (got 12)")]
    // float entries
    [InlineData("searchSpace.dropout.step", "0", "searchSpace.dropout.step: must be > 0 (got 0)")]
    [InlineData("searchSpace.dropout.step", "-0.1", "searchSpace.dropout.step: must be > 0 (got -0.1)")]
    [InlineData("searchSpace.dropout.max", "1.0", "searchSpace.dropout.max: must be in [0, 1) (got 1.0)")]
    [InlineData("searchSpace.dropout.min", "-0.1", "searchSpace.dropout.min: must be in [0, 1) (got -0.1)")]
    [InlineData("searchSpace.dropout.min", "0.6", "searchSpace.dropout.min: must be <= max (got min 0.6, max 0.5); swap them")]
    [InlineData("searchSpace.dropout.sampling", "\"log\"", "searchSpace.dropout.sampling: log sampling needs min > 0 (got min 0)")]
    [InlineData("searchSpace.dropout.default", "0.25", "searchSpace.dropout.default: must lie on the grid min + k·step (0, 0.1, …) (got 0.25)")]
    [InlineData("searchSpace.dropout.default", "0.6", "searchSpace.dropout.default: must lie within [min, max] = [0, 0.5] (got 0.6)")]
    [InlineData("searchSpace.dropout.min", "\"NaN\"", "searchSpace.dropout.min: must be a number (got \"NaN\")")]
    [InlineData("searchSpace.dropout.max", "1e400", "searchSpace.dropout.max: must be a finite number (got 1e400)")]
    [InlineData("searchSpace.learning_rate.min", "0", "searchSpace.learning_rate.min: must be > 0 (got 0.0)")]
    [InlineData("searchSpace.learning_rate.min", "-1e-3", "searchSpace.learning_rate.min: must be > 0 (got -0.001)")]
    [InlineData("searchSpace.learning_rate.step", "1e-15", "searchSpace.learning_rate.step: with a step, bounds and step must be 0 or between 1e-12 and 1e12 in magnitude (got 1E-15)")]
    [InlineData("searchSpace.l2", """{"type": "float", "min": 0, "max": 1000, "step": 1e-10}""", "searchSpace.l2.step: too small for the range: more than 1000000000000 grid values; use a larger step or no step")]
    [InlineData("searchSpace.learning_rate.values", "[1]", "searchSpace.learning_rate.values: unknown field for type float; allowed: type, min, max, step, sampling, default")]
    [InlineData("searchSpace.l2", """{"type": "float", "min": -1, "max": 0}""", "searchSpace.l2.min: must be >= 0 (got -1.0)")]
    // choice entries
    [InlineData("searchSpace.units", """{"type": "choice"}""", "searchSpace.units.values: is required, e.g. \"values\": [32, 64, 128]")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": []}""", "searchSpace.units.values: must list at least one value, e.g. [32, 64, 128]")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": 32}""", "searchSpace.units.values: must be a list (got 32), e.g. [32, 64, 128]")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": [32, "64"]}""", "searchSpace.units.values: mixed types (numbers, strings); all values must be integers")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": [32, 64.5]}""", "searchSpace.units.values[1]: must be an integer (got 64.5)")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": [32, 32]}""", "searchSpace.units.values[1]: duplicate of values[0]; list each value once")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": [32, 64], "default": 128}""", "searchSpace.units.default: must be one of the values (got 128)")]
    [InlineData("searchSpace.units", """{"type": "choice", "values": [32, 64], "step": 1}""", "searchSpace.units.step: unknown field for type choice; allowed: type, values, default")]
    [InlineData("searchSpace.dropout", """{"type": "choice", "values": [0.1, 1.5]}""", "searchSpace.dropout.values[1]: must be in [0, 1) (got 1.5)")]
    [InlineData("searchSpace.cell", """{"type": "choice", "values": ["lstm", "LSTM2"]}""", "searchSpace.cell.values[1]: must be one of lstm, gru (got \"LSTM2\"); did you mean \"lstm\"?")]
    [InlineData("searchSpace.cell", """{"type": "choice", "values": [true, false]}""", "searchSpace.cell.values[0]: must be one of lstm, gru (got true)")]
    // fixed entries
    [InlineData("searchSpace.units", """{"type": "fixed"}""", "searchSpace.units.value: is required, e.g. \"value\": 32")]
    [InlineData("searchSpace.units", """{"type": "fixed", "value": "64"}""", "searchSpace.units.value: must be an integer (got \"64\")")]
    [InlineData("searchSpace.units", """{"type": "fixed", "value": 64, "default": 64}""", "searchSpace.units.default: unknown field for type fixed (it has one value and no default); allowed: type, value")]
    [InlineData("searchSpace.dropout", """{"type": "fixed", "value": 1.0}""", "searchSpace.dropout.value: must be in [0, 1) (got 1.0)")]
    [InlineData("searchSpace.optimizer", """{"type": "fixed", "value": "adagrad"}""", "searchSpace.optimizer.value: must be one of adam, rmsprop, sgd (got \"adagrad\")")]
    // reals the engine's 32-bit floats would turn into something else (0, infinity, 1): every trial would fail
    [InlineData("searchSpace.learning_rate", """{"type": "fixed", "value": 1e-50}""", "searchSpace.learning_rate.value: must be > 0 in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 1E-50, which becomes 0)")]
    [InlineData("searchSpace.learning_rate", """{"type": "float", "min": 1e-300, "max": 1e-2, "sampling": "log"}""", "searchSpace.learning_rate.min: must be > 0 in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 1E-300, which becomes 0)")]
    [InlineData("searchSpace.l2", """{"type": "fixed", "value": 1e50}""", "searchSpace.l2.value: must be >= 0 in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 1E+50, which becomes Infinity)")]
    [InlineData("searchSpace.dropout", """{"type": "choice", "values": [0.1, 0.99999999999]}""", "searchSpace.dropout.values[1]: must be in [0, 1) in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 0.99999999999, which becomes 1)")]
    [InlineData("clipnorm", "1e50", "clipnorm: must be > 0 in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 1E+50, which becomes Infinity)")]
    [InlineData("clipnorm", "1e-50", "clipnorm: must be > 0 in 32-bit floats, which the engine trains in and which hold magnitudes from 1.2e-38 to 3.4e38 (got 1E-50, which becomes 0)")]
    public void Each_rule_reports_its_path_and_fix(string path, string? value, string expected)
    {
        var problems = SpecJson.ProblemsWith(path, value);
        Assert.True(problems.Contains(expected), "reported:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("""{"kind": "csv", "target": "temp"}""", "data: kind \"csv\" needs \"path\" (a CSV file with a header row), \"content\" (the CSV text) or \"dataset\" (an uploaded CSV's id)")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "content": "x\n1", "target": "x"}""", "data: give one of \"path\", \"content\" and \"dataset\", not several")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "dataset": "sha256:00", "target": "x"}""", "data: give one of \"path\", \"content\" and \"dataset\", not several")]
    [InlineData("""{"kind": "csv", "path": "a.csv"}""", "data.target: is required, e.g. \"target\": \"temperature\"")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "target": "x", "length": 100}""", "data.length: not used with kind \"csv\" (the file decides the length); remove it")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "target": "x", "features": []}""", "data.features: must name at least one column; leave it out to use the target alone")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "target": "x", "features": ["x", "x"]}""", "data.features[1]: duplicate of features[0]; list each column once")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "target": "x", "features": ["x", 3]}""", "data.features[1]: must be a string (got 3)")]
    [InlineData("""{"kind": "csv", "path": "a.csv", "target": "x", "features": "x"}""", "data.features: must be a list of column names (got \"x\"), e.g. [\"temperature\", \"humidity\"]")]
    [InlineData("""{"kind": "csv", "content": "", "target": "x"}""", "data.content: must not be empty; give the CSV text with its header row")]
    [InlineData("""{"kind": "csv", "path": "", "target": "x"}""", "data.path: must not be empty")]
    public void Csv_rules(string data, string expected)
    {
        Assert.Contains(expected, SpecJson.ProblemsWith("data", data));
    }

    [Theory]
    [InlineData("""{"type": "random", "maxTrials": 0}""", "algorithm.maxTrials: must be an integer from 1 to 100000 (got 0)")]
    [InlineData("""{"type": "random", "executionsPerTrial": 0}""", "algorithm.executionsPerTrial: must be an integer from 1 to 100 (got 0)")]
    [InlineData("""{"type": "random", "epochs": 0}""", "algorithm.epochs: must be an integer from 1 to 10000 (got 0)")]
    [InlineData("""{"type": "random", "maxEpochs": 10}""", "algorithm.maxEpochs: unknown field for random search; allowed: type, maxTrials, executionsPerTrial, epochs")]
    [InlineData("""{"type": "asha"}""", "algorithm.maxEpochs: is required, e.g. \"maxEpochs\": 50")]
    [InlineData("""{"type": "asha", "maxEpochs": 9, "minEpochs": 10}""", "algorithm.minEpochs: must be <= maxEpochs (got minEpochs 10, maxEpochs 9)")]
    [InlineData("""{"type": "asha", "maxEpochs": 9, "factor": 1}""", "algorithm.factor: must be an integer from 2 to 100 (got 1)")]
    [InlineData("""{"type": "asha", "maxEpochs": 9, "iterations": 2}""", "algorithm.iterations: unknown field for asha; allowed: type, maxEpochs, minEpochs, factor, maxTrials")]
    [InlineData("\"hyperband\"", "algorithm: must be an object (got \"hyperband\")")]
    [InlineData("""{"type": "bayesian", "alpha": 0}""", "algorithm.alpha: must be > 0 and at most 10 (got 0): the noise added to the Gaussian process's kernel, e.g. 1e-4")]
    [InlineData("""{"type": "bayesian", "beta": -1}""", "algorithm.beta: must be from 0 to 100 (got -1): larger explores more, e.g. 2.6")]
    [InlineData("""{"type": "bayesian", "numInitialPoints": 0}""", "algorithm.numInitialPoints: must be an integer from 1 to 100000 (got 0)")]
    // 100,000 was accepted: the process's factor alone would need 40 GB, its proposals days.
    [InlineData("""{"type": "bayesian", "maxTrials": 100000}""", "algorithm.maxTrials: must be at most 5000 for bayesian (got 100000): its Gaussian process conditions on every finished trial, at a cost growing with the cube of their number; for more trials use tpe or random")]
    [InlineData("""{"type": "bayesian", "startupTrials": 3}""", "algorithm.startupTrials: unknown field for bayesian; allowed: type, maxTrials, numInitialPoints, alpha, beta, executionsPerTrial, epochs")]
    [InlineData("""{"type": "tpe", "startupTrials": -1}""", "algorithm.startupTrials: must be an integer from 0 to 100000 (got -1)")]
    [InlineData("""{"type": "bohb"}""", "algorithm.maxEpochs: is required, e.g. \"maxEpochs\": 50")]
    [InlineData("""{"type": "bohb", "maxEpochs": 9, "maxTrials": 5}""", "algorithm.maxTrials: unknown field for bohb; allowed: type, maxEpochs, factor, iterations")]
    [InlineData("""{"type": "grid", "maxTrials": 5}""", "algorithm.maxTrials: unknown field for grid; allowed: type, executionsPerTrial, epochs")]
    public void Algorithm_rules(string algorithm, string expected)
    {
        Assert.Contains(expected, SpecJson.ProblemsWith("algorithm", algorithm));
    }

    [Fact]
    public void A_grid_search_needs_a_step_on_every_float_and_at_most_100000_combinations()
    {
        // The example's learning_rate has no step.
        Assert.Contains("searchSpace.learning_rate.step: grid search needs a step for every float (\"learning_rate\" has none), e.g. \"step\": 0.0001; or use random, tpe or bayesian search",
            SpecJson.ProblemsWith("algorithm", """{"type": "grid"}"""));
        var json = SpecJson.Node();
        SpecJson.With(json, "algorithm", """{"type": "grid"}""");
        SpecJson.With(json, "searchSpace.learning_rate.step", "0.001");
        SpecJson.With(json, "searchSpace.units.step", "1");
        SpecJson.With(json, "searchSpace.dropout.step", "0.01");
        var problem = Assert.Single(Assert.Throws<InvalidInputException>(() => JobSpecParser.Parse(json.ToJsonString())).Problems);
        Assert.StartsWith("searchSpace: the grid has 245,310 combinations (units 481 × dropout 51 × learning_rate 10); grid search allows at most 100,000", problem);
        SpecJson.With(json, "searchSpace.units.step", "32");
        SpecJson.With(json, "searchSpace.dropout.step", "0.1");
        SpecJson.With(json, "searchSpace.learning_rate.step", "0.002");
        Assert.Equal(new GridSpec(1, 10), JobSpecParser.Parse(json.ToJsonString()).Algorithm);
    }

    [Fact]
    public void Zero_validation_split_is_fine_when_the_objective_is_loss()
    {
        var json = SpecJson.With(SpecJson.With(SpecJson.Node(), "validationSplit", "0"), "objective", "\"loss\"").ToJsonString();
        var spec = JobSpecParser.Parse(json);
        Assert.Equal(0, spec.ValidationSplit);
        Assert.Equal(ObjectiveKind.Loss, spec.Objective);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_one_per_line()
    {
        var json = SpecJson.Node();
        SpecJson.With(json, "name", "\"Bad Name\"");
        SpecJson.With(json, "window", "0");
        SpecJson.With(json, "searchSpace.units.step", "0");
        SpecJson.With(json, "searchSpace.dropout.max", "1.5");
        SpecJson.With(json, "algorithm.factor", "1");
        SpecJson.With(json, "colour", "\"red\"");

        var error = Assert.Throws<InvalidInputException>(() => JobSpecParser.Parse(json.ToJsonString()));

        Assert.Equal(6, error.Problems.Count);
        Assert.All(error.Problems, p => Assert.DoesNotContain('\n', p));
        Assert.Equal(string.Join(Environment.NewLine, error.Problems), error.Message);
    }

    [Fact]
    public void Malformed_json_is_one_problem_with_line_and_position()
    {
        var problems = SpecJson.Problems("{\n  \"name\": \"x\",\n  \"seed\": 1,,\n}");
        var problem = Assert.Single(problems);
        Assert.StartsWith("line 3, position 13: invalid JSON:", problem);
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"seed\": NaN}", "line 1, position 23: NaN and Infinity are not JSON numbers; use a finite number")]
    [InlineData("{\"name\": \"x\",\n \"seed\": Infinity}", "line 2, position 10: NaN and Infinity are not JSON numbers; use a finite number")]
    [InlineData("{\"seed\": -Infinity}", "line 1, position 11: NaN and Infinity are not JSON numbers; use a finite number")]
    [InlineData("", "the job spec is empty; expected a JSON object")]
    [InlineData("   ", "the job spec is empty; expected a JSON object")]
    [InlineData("[1, 2]", "a job spec must be a JSON object (got an array)")]
    [InlineData("null", "a job spec must be a JSON object (got null)")]
    // the parser's own words about its reader options, in the user's
    [InlineData("{\"name\": \"d\",}", "line 1, position 14: invalid JSON: a comma before } or ]; remove it")]
    [InlineData("{\"name\": [1, 2]", "line 1, position 16: invalid JSON: the text ends inside an object or a list; close every { with } and every [ with ]")]
    [InlineData("// my job\n{}", "line 1, position 1: invalid JSON: comments are not JSON; remove them")]
    public void Non_json_and_non_objects_are_reported(string json, string expected)
    {
        Assert.Equal([expected], SpecJson.Problems(json));
    }

    [Fact]
    public void Duplicate_fields_are_reported()
    {
        var problems = SpecJson.Problems(SpecJson.Example.Replace("\"seed\": 42,", "\"seed\": 42, \"seed\": 43,"));
        Assert.Equal(["seed: appears more than once; keep one"], problems);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_a_stack_overflow()
    {
        var json = "{\"name\": " + new string('[', 5000) + new string(']', 5000) + "}";
        var problem = Assert.Single(SpecJson.Problems(json));
        Assert.EndsWith("invalid JSON: objects and lists nested too deeply; a job spec needs a few levels", problem);
    }

    [Fact]
    public void More_than_64_search_space_entries_is_one_problem()
    {
        var entries = string.Join(", ", Enumerable.Range(0, 65).Select(i => $"\"p{i}\": {{\"type\": \"fixed\", \"value\": 1}}"));
        var problems = SpecJson.ProblemsWith("searchSpace", "{" + entries + "}");
        Assert.Equal(["searchSpace: at most 64 hyperparameters (got 65)"], problems);
    }

    [Fact]
    public void More_than_256_choice_values_is_refused()
    {
        var values = string.Join(", ", Enumerable.Range(1, 257));
        Assert.Contains("searchSpace.units.values: at most 256 values (got 257)",
            SpecJson.ProblemsWith("searchSpace.units", $$"""{"type": "choice", "values": [{{values}}]}"""));
    }

    [Fact]
    public void Problems_are_capped_and_the_rest_counted()
    {
        var values = string.Join(", ", Enumerable.Range(0, 200).Select(_ => "0.5"));
        var problems = SpecJson.ProblemsWith("searchSpace.units", $$"""{"type": "choice", "values": [{{values}}]}""");
        Assert.Equal(SpecLimits.MaxProblems + 1, problems.Count);
        Assert.Equal("… and 100 more problems", problems[^1]);
    }

    [Theory]
    [InlineData("description", 4097, "description: must be at most 4096 characters (got 4097)")]
    [InlineData("data.path", 4097, "data.path: must be at most 4096 characters (got 4097)")]
    [InlineData("data.target", 257, "data.target: must be at most 256 characters (got 257)")]
    public void Long_strings_are_refused(string path, int length, string expected)
    {
        var json = SpecJson.Node();
        if (path.StartsWith("data.", StringComparison.Ordinal))
            SpecJson.With(json, "data", """{"kind": "csv", "path": "a.csv", "target": "x"}""");
        SpecJson.With(json, path, "\"" + new string('a', length) + "\"");
        Assert.Contains(expected, SpecJson.Problems(json.ToJsonString()));
    }

    [Fact]
    public void A_hostile_key_is_quoted_and_shortened_in_the_path()
    {
        var problems = SpecJson.Problems(SpecJson.Example.Replace("\"seed\": 42,", "\"a.b\\n\": 1,"));
        Assert.Equal(["[\"a.b\\n\"]: unknown field; allowed: name, description, seed, task, data, tokenizer, window, horizon, validationSplit, normalize, batchSize, model, optimizer, clipnorm, epochs, searchSpace, objective, algorithm"], problems);
    }

    [Fact]
    public void Half_a_surrogate_pair_in_a_string_or_a_key_is_named_by_its_path()
    {
        // Valid JSON syntax, but no character: .NET's reader threw wherever it was read (a .NET message, exit 1).
        var problems = SpecJson.Problems(SpecJson.Example
            .Replace("\"name\": \"sine-lstm\"", "\"name\": \"si\\ud800ne\"")
            .Replace("\"seed\": 42,", "\"seed\": 42, \"x\\udc00\": 1,"));
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("name: holds a \\u escape of half a UTF-16 surrogate pair", problems[0]);
        Assert.StartsWith("the spec: a key holds a \\u escape", problems[1]);
        // A whole pair is a character.
        Assert.Equal("smile \U0001F600", JobSpecParser.Parse(SpecJson.Example.Replace("\"seed\": 42,", "\"seed\": 42, \"description\": \"smile \\ud83d\\ude00\",")).Description);
    }

    [Fact]
    public void A_column_name_of_only_whitespace_is_refused_where_it_is_written()
    {
        // It passed, and the CSV loader refused it with a .NET message (exit 1).
        var json = SpecJson.With(SpecJson.Node(), "data", """{"kind": "csv", "path": "a.csv", "target": "   ", "features": ["temp", " "]}""");
        Assert.Equal(["data.target: must name a column (got only whitespace: \"   \")", "data.features[1]: must name a column (got only whitespace: \" \")"],
            SpecJson.Problems(json.ToJsonString()));
    }

    [Fact]
    public void A_valid_spec_has_no_problems()
    {
        Assert.Empty(SpecJson.Problems(SpecJson.Example));
    }
}
