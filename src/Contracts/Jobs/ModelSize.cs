using System.Globalization;
using Tuner.Contracts.Jobs.Parsing;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>How many parameters a job's model trains, counted as the engine lays them out, and whether that stays
/// within <see cref="SpecLimits.MaxModelParameters"/>: for a concrete configuration (<c>tuner train --set</c>) and for
/// the largest one a search space allows (every spec), so a model too large to train is refused before it is built.</summary>
/// <remarks>Each direction of recurrent layer l has G·U·(I + U + 2) parameters (G = 4 gates for an LSTM, 3 for a GRU:
/// input weights [G·U][I], recurrent weights [G·U][U], and two biases [G·U], as PyTorch's), I being the embedding's
/// dimension or the D features for l = 0 and U (2U when bidirectional) above; the embedding table V·E; the head
/// O·(U or 2U) weights and O biases for its O outputs.</remarks>
public static class ModelSize
{
    /// <summary>The sizes the data decides: values per step (D features, or 1 token id), the embedding's vocabulary
    /// (0 for none), and the head's outputs (1, or K for a softmax).</summary>
    public readonly record struct DataSizes(int InputSize, int Vocabulary, int Outputs);

    public static long Parameters(TrainingSettings settings, DataSizes data)
    {
        long gates = Gates(settings);
        long units = settings.Units;
        long directions = settings.Bidirectional ? 2 : 1;
        long firstInput = data.Vocabulary > 0 ? settings.EmbeddingDim : data.InputSize;
        long total = 0;
        for (int layer = 0; layer < settings.Layers; layer++)
        {
            long input = layer == 0 ? firstInput : directions * units;
            total += directions * gates * units * (input + units + 2);
        }
        total += (long)data.Vocabulary * settings.EmbeddingDim;
        total += data.Outputs * (directions * units + 1);
        return total;
    }

    /// <summary>The sizes known from <paramref name="spec"/> alone, before its data is read: D from
    /// <c>data.features</c>, a text classification's vocabulary from <c>tokenizer.vocabSize</c>; the classes and a text's
    /// characters are counted at their fewest (2), so only a model sure to be too large is refused here.</summary>
    public static DataSizes Known(JobSpec spec) => spec.Task switch
    {
        // Generate reads and predicts its characters: at least 2, plus the id the vocabulary keeps for unknown ones.
        TaskKind.Generate => new DataSizes(1, 2 + 1, 2 + 1),
        TaskKind.Classify when spec.ClassifiesText => new DataSizes(1, spec.Tokenizer!.VocabSize + TokenizerSpec.ReservedIds, 1),
        _ => new DataSizes(spec.Data is CsvDataSpec { Features.Count: > 0 and var d } ? d : 1, 0, 1),
    };

    /// <summary>Why the largest model <paramref name="spec"/>'s search space allows on data of <paramref name="data"/>
    /// cannot be trained, naming the fields to lower; null when it can.</summary>
    public static string? LargestProblem(JobSpec spec, DataSizes data)
    {
        var largest = Largest(spec);
        var count = Parameters(largest, data);
        if (count <= SpecLimits.MaxModelParameters) return null;
        var fields = Culprits(spec, largest, data, count).OfType<string>().ToList();
        return $"the largest model it allows ({Describe(largest, data)}) has {Count(count)} parameters; {Limit()}: lower {Join(fields)}";
    }

    /// <summary>Why the largest model <paramref name="spec"/> allows cannot hold one batch's steps: the engine keeps, per
    /// layer, arrays of <c>window · batch · width</c> floats, the widest row being a layer's gates (G·U, G = 4 for an LSTM,
    /// 3 for a GRU), its output (U, 2U bidirectional), the embedding (E) or the input features (D); one array holds at most
    /// <see cref="Array.MaxLength"/> values. The batch is at most <paramref name="samples"/> (no batch is larger than the
    /// data's samples). Null when it fits; else training would fail every trial with an overflow.</summary>
    public static string? LargestStepProblem(JobSpec spec, DataSizes data, int samples)
    {
        var largest = Largest(spec);
        var batch = Math.Min(largest.BatchSize, samples);
        if (StepValues(spec, largest, data, batch) <= Array.MaxLength) return null;
        var fields = new List<string>
        {
            WindowField(spec),
            Field(spec, HyperparameterCatalog.BatchSizeName, SpecFields.BatchSize)!,
        };
        var (_, widest) = Widest(largest, data);
        fields.Add(widest == HyperparameterCatalog.EmbeddingDimName
            ? Field(spec, widest, JsonPaths.Child(SpecFields.Model, SpecFields.EmbeddingDim))!
            : widest == "features" ? JsonPaths.Child(SpecFields.Data, SpecFields.Features) : Field(spec, "units", null) ?? "units");
        return $"the largest model it allows {DescribeStep(spec, largest, data, batch)}: lower {Join(fields)}";
    }

    /// <summary><see cref="LargestStepProblem"/> for one configuration (<c>tuner train --set</c>), batches of at most
    /// <paramref name="batch"/> samples.</summary>
    public static string? StepProblem(JobSpec spec, TrainingSettings settings, DataSizes data, int batch)
    {
        batch = Math.Min(settings.BatchSize, batch);
        if (StepValues(spec, settings, data, batch) <= Array.MaxLength) return null;
        var (_, widest) = Widest(settings, data);
        return $"the model {DescribeStep(spec, settings, data, batch)}: lower {WindowField(spec)}, {HyperparameterCatalog.BatchSizeName} or {widest}";
    }

    /// <summary>The field that sets a step's length: a text classifier's <c>tokenizer.maxLength</c>, else <c>window</c>.</summary>
    private static string WindowField(JobSpec spec) =>
        spec.ClassifiesText ? JsonPaths.Child(SpecFields.Tokenizer, SpecFields.MaxLength) : SpecFields.Window;

    private static long StepValues(JobSpec spec, TrainingSettings s, DataSizes data, int batch) => (long)spec.Window * batch * Widest(s, data).Width;

    /// <summary>The widest row a step keeps, and what makes it so ("units", "embedding_dim" or "features").</summary>
    private static (long Width, string What) Widest(TrainingSettings s, DataSizes data)
    {
        long units = Gates(s) * (long)s.Units; // wider than a layer's output, 2U bidirectional
        long embedding = data.Vocabulary > 0 ? s.EmbeddingDim : 0;
        long features = data.Vocabulary > 0 ? 0 : data.InputSize;
        if (embedding > units && embedding >= features) return (embedding, HyperparameterCatalog.EmbeddingDimName);
        return features > units ? (features, "features") : (units, "units");
    }

    private static long Gates(TrainingSettings s) => s.Cell == CellKind.Gru ? 3 : 4;

    private static string DescribeStep(JobSpec spec, TrainingSettings s, DataSizes data, int batch)
    {
        var (width, what) = Widest(s, data);
        var row = what switch
        {
            "units" => $"{Gates(s)} gates × {s.Units} units",
            "features" => $"{width} features",
            _ => $"embedding {width}",
        };
        return $"keeps {Count(StepValues(spec, s, data, batch))} values per layer for one batch ({spec.Window} steps × batch {batch} × {row}), "
            + $"more than one array holds ({Count(Array.MaxLength)})";
    }

    /// <summary>Why the configuration of <paramref name="settings"/> on data of <paramref name="data"/> cannot be trained,
    /// naming the hyperparameters to lower; null when it can.</summary>
    public static string? Problem(TrainingSettings settings, DataSizes data)
    {
        var count = Parameters(settings, data);
        if (count <= SpecLimits.MaxModelParameters) return null;
        return $"the model ({Describe(settings, data)}) has {Count(count)} parameters; {Limit()}: lower units or layers{(settings.Bidirectional ? ", or set bidirectional=false" : "")}"
            + (data.Vocabulary > 0 ? $", or {HyperparameterCatalog.EmbeddingDimName}" : "");
    }

    /// <summary>Every size at its largest: parameters grow with units, layers, the embedding's dimension, a second
    /// direction, and an LSTM's fourth gate.</summary>
    private static TrainingSettings Largest(JobSpec spec)
    {
        var configuration = spec.SearchSpace.Defaults();
        foreach (var parameter in spec.SearchSpace.Parameters)
        {
            var value = parameter switch
            {
                IntParameter p => HyperparameterValue.Int(p.Min + p.LastIndex * p.Step),
                ChoiceParameter { Values: var values } when values.All(v => v.Kind == HyperparameterKind.Int) => values.MaxBy(v => v.AsInt64()),
                _ when parameter.Contains(HyperparameterValue.Bool(true)) => HyperparameterValue.Bool(true),
                _ when parameter.Contains(HyperparameterValue.String(CellKind.Lstm.Word())) => HyperparameterValue.String(CellKind.Lstm.Word()),
                _ => (HyperparameterValue?)null,
            };
            if (value is { } largest) configuration = configuration.With(parameter.Name, largest);
        }
        return TrainingSettings.Resolve(spec, configuration);
    }

    /// <summary>The fields that made the model large: those of the recurrent stack and of the embedding, each when its
    /// part holds a quarter of the parameters or more.</summary>
    private static IEnumerable<string?> Culprits(JobSpec spec, TrainingSettings largest, DataSizes data, long count)
    {
        long table = (long)data.Vocabulary * largest.EmbeddingDim;
        if (4 * (count - table) >= count)
        {
            yield return Field(spec, "units", null);
            if (largest.Layers > 1) yield return Field(spec, "layers", JsonPaths.Child(SpecFields.Model, SpecFields.Layers));
            if (largest.Bidirectional) yield return Field(spec, "bidirectional", JsonPaths.Child(SpecFields.Model, SpecFields.Bidirectional)) + " (to false)";
        }
        if (4 * table >= count)
        {
            if (spec.ClassifiesText) yield return JsonPaths.Child(SpecFields.Tokenizer, SpecFields.VocabSize);
            yield return Field(spec, HyperparameterCatalog.EmbeddingDimName, JsonPaths.Child(SpecFields.Model, SpecFields.EmbeddingDim));
        }
    }

    /// <summary>Where a size comes from: its search-space entry (an int's max), else the spec's field (null for units,
    /// whose default no field sets).</summary>
    private static string? Field(JobSpec spec, string name, string? specField) => spec.SearchSpace.Find(name) switch
    {
        IntParameter => JsonPaths.Child(JsonPaths.Child(SpecFields.SearchSpace, name), SpecFields.Max),
        ChoiceParameter => JsonPaths.Child(JsonPaths.Child(SpecFields.SearchSpace, name), SpecFields.Values),
        FixedParameter => JsonPaths.Child(SpecFields.SearchSpace, name),
        _ => specField,
    };

    private static string Describe(TrainingSettings s, DataSizes data) =>
        $"{s.Cell.Word()}, units {s.Units}, layers {s.Layers}{(s.Bidirectional ? ", bidirectional" : "")}"
        + (data.Vocabulary > 0 ? $", embedding {data.Vocabulary} × {s.EmbeddingDim}" : "")
        + (data.Outputs > 1 ? $", {data.Outputs} outputs" : "");

    private static string Limit() =>
        $"at most {Count(SpecLimits.MaxModelParameters)} are trained ({ByteSize.Of(SpecLimits.MaxModelParameters * SpecLimits.TrainingBytesPerParameter)} of " +
        $"training state: each parameter's weight, gradient and two optimizer moments)";

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Join(IReadOnlyList<string> fields) =>
        fields.Count == 0 ? "units or layers" : fields.Count == 1 ? fields[0] : $"{string.Join(", ", fields.Take(fields.Count - 1))} or {fields[^1]}";
}
