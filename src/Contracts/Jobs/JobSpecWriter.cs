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

    /// <summary>The canonical JSON tree of the whole spec.</summary>
    public static JsonObject ToNode(JobSpec spec)
    {
        var root = new JsonObject { ["name"] = spec.Name };
        if (spec.Description is not null) root["description"] = spec.Description;
        root["seed"] = spec.Seed;
        root["data"] = Data(spec.Data);
        root["window"] = spec.Window;
        root["horizon"] = spec.Horizon;
        root["validationSplit"] = spec.ValidationSplit;
        root["normalize"] = spec.Normalize.Word();
        root["batchSize"] = spec.BatchSize;
        root["model"] = new JsonObject
        {
            ["cell"] = spec.Model.Cell.Word(),
            ["layers"] = spec.Model.Layers,
            ["activation"] = spec.Model.Activation.Word(),
        };
        root["optimizer"] = spec.Optimizer.Word();
        if (spec.Clipnorm is { } clipnorm) root["clipnorm"] = clipnorm;
        if (spec.Epochs is { } epochs) root["epochs"] = epochs;
        root["searchSpace"] = SearchSpace(spec.SearchSpace);
        root["objective"] = spec.Objective.Word();
        root["algorithm"] = Algorithm(spec.Algorithm);
        return root;
    }

    public static JsonObject Data(DataSpec data) => data switch
    {
        SyntheticDataSpec s => new JsonObject { ["kind"] = s.Kind.Word(), ["length"] = s.Length, ["noise"] = s.Noise },
        CsvDataSpec c => Csv(c),
        _ => throw new ArgumentOutOfRangeException(nameof(data), data, "unknown data spec"),
    };

    private static JsonObject Csv(CsvDataSpec csv)
    {
        var node = new JsonObject { ["kind"] = "csv" };
        if (csv.Path is not null) node["path"] = csv.Path;
        if (csv.Content is not null) node["content"] = csv.Content;
        node["target"] = csv.Target;
        node["features"] = new JsonArray([.. csv.Features.Select(f => (JsonNode)JsonValue.Create(f))]);
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
        var node = new JsonObject { ["type"] = parameter.Type };
        switch (parameter)
        {
            case IntParameter p:
                node["min"] = p.Min;
                node["max"] = p.Max;
                node["step"] = p.Step;
                node["sampling"] = p.Sampling.Word();
                if (p.Default is { } intDefault) node["default"] = intDefault;
                break;
            case FloatParameter p:
                node["min"] = p.Min;
                node["max"] = p.Max;
                if (p.Step is { } step) node["step"] = step;
                node["sampling"] = p.Sampling.Word();
                if (p.Default is { } floatDefault) node["default"] = floatDefault;
                break;
            case ChoiceParameter p:
                node["values"] = new JsonArray([.. p.Values.Select(Value)]);
                if (p.Default is { } choiceDefault) node["default"] = Value(choiceDefault);
                break;
            case FixedParameter p:
                node["value"] = Value(p.Value);
                break;
        }
        return node;
    }

    public static JsonObject Algorithm(AlgorithmSpec algorithm) => algorithm switch
    {
        HyperbandSpec h => new JsonObject { ["type"] = h.Type, ["maxEpochs"] = h.MaxEpochs, ["factor"] = h.Factor, ["iterations"] = h.Iterations },
        RandomSearchSpec r => new JsonObject { ["type"] = r.Type, ["maxTrials"] = r.MaxTrials, ["executionsPerTrial"] = r.ExecutionsPerTrial, ["epochs"] = r.Epochs },
        AshaSpec a => new JsonObject { ["type"] = a.Type, ["maxEpochs"] = a.MaxEpochs, ["minEpochs"] = a.MinEpochs, ["factor"] = a.Factor, ["maxTrials"] = a.MaxTrials },
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown algorithm spec"),
    };


    private static JsonNode Value(HyperparameterValue value) => JsonNode.Parse(value.ToString())!;
}
