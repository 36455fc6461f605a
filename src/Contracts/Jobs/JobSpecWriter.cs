using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>Writes a <see cref="JobSpec"/> as canonical JSON: every default made explicit, fields in a fixed
/// order, the search space in its own order. <c>Parse(ToJson(spec)) == spec</c>, so the canonical text is
/// how a spec travels (HTTP, Akka messages, the journal).</summary>
public static class JobSpecWriter
{
    public static string ToJson(JobSpec spec, bool indented = false) =>
        ToNode(spec).ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    /// <summary>The canonical JSON tree of the whole spec: the fields of <see cref="SpecFields.Root"/> in its order
    /// (optional ones only when set, and only the fields the task uses: a text classification has no window or
    /// horizon, generate no horizon, neither a normalize).</summary>
    public static JsonObject ToNode(JobSpec spec)
    {
        var root = new JsonObject();
        foreach (var field in SpecFields.Root)
            if (Field(spec, field) is { } node) root[field] = node;
        return root;
    }

    private static JsonNode? Field(JobSpec spec, string field) => field switch
    {
        SpecFields.Name => spec.Name,
        SpecFields.Description => spec.Description,
        SpecFields.Seed => spec.Seed,
        SpecFields.Task => spec.Task.Word(),
        SpecFields.Data => Data(spec.Data),
        SpecFields.Tokenizer => spec.Tokenizer is { } t ? Tokenizer(t, spec.ClassifiesText) : null,
        SpecFields.Window => spec.ClassifiesText ? null : spec.Window,
        SpecFields.Horizon => spec.HasEmbedding ? null : spec.Horizon,
        SpecFields.ValidationSplit => spec.ValidationSplit,
        SpecFields.Normalize => spec.HasEmbedding ? null : spec.Normalize.Word(),
        SpecFields.BatchSize => spec.BatchSize,
        SpecFields.Model => Model(spec.Model, spec.HasEmbedding),
        SpecFields.Optimizer => spec.Optimizer.Word(),
        SpecFields.Clipnorm => spec.Clipnorm,
        SpecFields.Epochs => spec.Epochs,
        SpecFields.SearchSpace => SearchSpace(spec.SearchSpace),
        SpecFields.Objective => spec.Objective.Word(),
        SpecFields.Algorithm => Algorithm(spec.Algorithm),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "a spec field the writer does not know"),
    };

    public static JsonObject Data(DataSpec data) => data switch
    {
        SyntheticDataSpec s => new JsonObject { [SpecFields.Kind] = s.Kind.Word(), [SpecFields.Length] = s.Length, [SpecFields.Noise] = s.Noise },
        CsvDataSpec c => Csv(c),
        TextDataSpec t => Source(t),
        _ => throw new ArgumentOutOfRangeException(nameof(data), data, "unknown data spec"),
    };

    private static JsonObject Source(FileDataSpec file)
    {
        var node = new JsonObject { [SpecFields.Kind] = file.Kind.Word() };
        if (file.Path is not null) node[SpecFields.Path] = file.Path;
        if (file.Content is not null) node[SpecFields.Content] = file.Content;
        return node;
    }

    private static JsonObject Csv(CsvDataSpec csv)
    {
        var node = Source(csv);
        if (csv.Target is not null) node[SpecFields.Target] = csv.Target;
        if (csv.Features.Count > 0) node[SpecFields.Features] = new JsonArray([.. csv.Features.Select(f => (JsonNode)JsonValue.Create(f))]);
        if (csv.Text is not null) node[SpecFields.Text] = csv.Text;
        if (csv.Label is not null) node[SpecFields.Label] = csv.Label;
        return node;
    }

    private static JsonObject Tokenizer(TokenizerSpec tokenizer, bool words)
    {
        var node = new JsonObject();
        if (words)
        {
            node[SpecFields.VocabSize] = tokenizer.VocabSize;
            node[SpecFields.MaxLength] = tokenizer.MaxLength;
        }
        node[SpecFields.Lowercase] = tokenizer.Lowercase;
        return node;
    }

    private static JsonObject Model(ModelSpec model, bool hasEmbedding)
    {
        var node = new JsonObject
        {
            [SpecFields.Cell] = model.Cell.Word(),
            [SpecFields.Layers] = model.Layers,
            [SpecFields.Activation] = model.Activation.Word(),
            [SpecFields.Bidirectional] = model.Bidirectional,
        };
        if (hasEmbedding) node[SpecFields.EmbeddingDim] = model.EmbeddingDim;
        return node;
    }

    public static JsonObject SearchSpace(SearchSpace space)
    {
        var node = new JsonObject();
        foreach (var parameter in space.Parameters)
            node[parameter.Name] = Parameter(parameter);
        return node;
    }

    private static JsonObject Parameter(ParameterSpec parameter)
    {
        var node = new JsonObject { [SpecFields.Type] = parameter.Type };
        switch (parameter)
        {
            case IntParameter p:
                node[SpecFields.Min] = p.Min;
                node[SpecFields.Max] = p.Max;
                node[SpecFields.Step] = p.Step;
                node[SpecFields.Sampling] = p.Sampling.Word();
                if (p.Default is { } intDefault) node[SpecFields.Default] = intDefault;
                break;
            case FloatParameter p:
                node[SpecFields.Min] = p.Min;
                node[SpecFields.Max] = p.Max;
                if (p.Step is { } step) node[SpecFields.Step] = step;
                node[SpecFields.Sampling] = p.Sampling.Word();
                if (p.Default is { } floatDefault) node[SpecFields.Default] = floatDefault;
                break;
            case ChoiceParameter p:
                node[SpecFields.Values] = new JsonArray([.. p.Values.Select(Value)]);
                if (p.Default is { } choiceDefault) node[SpecFields.Default] = Value(choiceDefault);
                break;
            case FixedParameter p:
                node[SpecFields.Value] = Value(p.Value);
                break;
        }
        return node;
    }

    public static JsonObject Algorithm(AlgorithmSpec algorithm) => algorithm switch
    {
        HyperbandSpec h => new JsonObject { [SpecFields.Type] = h.Type, [SpecFields.MaxEpochs] = h.MaxEpochs, [SpecFields.Factor] = h.Factor, [SpecFields.Iterations] = h.Iterations },
        RandomSearchSpec r => new JsonObject { [SpecFields.Type] = r.Type, [SpecFields.MaxTrials] = r.MaxTrials, [SpecFields.ExecutionsPerTrial] = r.ExecutionsPerTrial, [SpecFields.Epochs] = r.Epochs },
        AshaSpec a => new JsonObject { [SpecFields.Type] = a.Type, [SpecFields.MaxEpochs] = a.MaxEpochs, [SpecFields.MinEpochs] = a.MinEpochs, [SpecFields.Factor] = a.Factor, [SpecFields.MaxTrials] = a.MaxTrials },
        BayesianSpec b => Bayesian(b),
        TpeSpec t => new JsonObject { [SpecFields.Type] = t.Type, [SpecFields.MaxTrials] = t.MaxTrials, [SpecFields.StartupTrials] = t.StartupTrials, [SpecFields.ExecutionsPerTrial] = t.ExecutionsPerTrial, [SpecFields.Epochs] = t.Epochs },
        BohbSpec b => new JsonObject { [SpecFields.Type] = b.Type, [SpecFields.MaxEpochs] = b.MaxEpochs, [SpecFields.Factor] = b.Factor, [SpecFields.Iterations] = b.Iterations },
        GridSpec g => new JsonObject { [SpecFields.Type] = g.Type, [SpecFields.ExecutionsPerTrial] = g.ExecutionsPerTrial, [SpecFields.Epochs] = g.Epochs },
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm spec"),
    };

    /// <summary>numInitialPoints only when set: its default depends on the search space.</summary>
    private static JsonObject Bayesian(BayesianSpec b)
    {
        var node = new JsonObject { [SpecFields.Type] = b.Type, [SpecFields.MaxTrials] = b.MaxTrials };
        if (b.NumInitialPoints is { } initial) node[SpecFields.NumInitialPoints] = initial;
        node[SpecFields.Alpha] = b.Alpha;
        node[SpecFields.Beta] = b.Beta;
        node[SpecFields.ExecutionsPerTrial] = b.ExecutionsPerTrial;
        node[SpecFields.Epochs] = b.Epochs;
        return node;
    }

    private static JsonNode Value(HyperparameterValue value) => JsonNode.Parse(value.ToString())!;
}
