using System.Text;
using System.Text.Json;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs.Parsing;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary>Parses a job spec (PRODUCT.md §1) and checks every rule, reporting all problems at once.</summary>
/// <remarks>Defaults where PRODUCT.md is silent are documented on <see cref="JobSpec"/> and in docs/job-spec.md.
/// Data-dependent checks (a CSV's columns and values) belong to the data loader, not here.</remarks>
public static class JobSpecParser
{
    private static readonly string[] RootFields =
        ["name", "description", "seed", "data", "window", "horizon", "validationSplit", "normalize", "batchSize",
         "model", "optimizer", "clipnorm", "epochs", "searchSpace", "objective", "algorithm"];

    private static readonly string[] DataFields = ["kind", "length", "noise", "path", "content", "target", "features"];
    private static readonly string[] ModelFields = ["cell", "layers", "activation"];
    private static readonly string[] HyperbandFields = ["type", "maxEpochs", "factor", "iterations"];
    private static readonly string[] RandomFields = ["type", "maxTrials", "executionsPerTrial", "epochs"];
    private static readonly string[] AshaFields = ["type", "maxEpochs", "minEpochs", "factor", "maxTrials"];

    /// <summary>The spec in <paramref name="json"/>, or <see cref="InvalidInputException"/> listing every problem,
    /// one per line, each naming its JSON path and the fix.</summary>
    public static JobSpec Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = SpecLimits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(DescribeSyntaxError(json, e));
        }
        using (document)
        {
            var reader = new SpecReader();
            var spec = ParseRoot(reader, document.RootElement);
            if (reader.HasProblems || spec is null)
                throw new InvalidInputException(reader.Problems);
            return spec;
        }
    }

    /// <summary>Like <see cref="Parse"/>, returning the problems instead of throwing (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        try
        {
            Parse(json);
            return [];
        }
        catch (InvalidInputException e)
        {
            return e.Problems;
        }
    }

    private static JobSpec? ParseRoot(SpecReader reader, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Report("", $"a job spec must be a JSON object (got {SpecReader.Describe(root)})");
            return null;
        }
        var fields = reader.Fields(root, "")!;
        reader.RejectUnknown(fields, RootFields);

        var name = ParseName(reader, fields);
        var description = reader.Text(fields, "description", SpecLimits.MaxDescriptionLength);
        var seed = fields["seed"] is { } seedElement ? reader.AsInteger(seedElement, "seed") : 0;
        var data = fields["data"] is { } dataElement ? ParseData(reader, dataElement) : Missing<DataSpec>(reader, fields, "data", "{\"kind\": \"sine\", \"length\": 1000, \"noise\": 0.1}");
        var window = reader.Integer(fields, "window", 1, SpecLimits.MaxWindow, null, "10");
        var horizon = reader.Integer(fields, "horizon", 1, SpecLimits.MaxHorizon, 1);
        var validationSplit = reader.Number(fields, "validationSplit", 0.2);
        if (validationSplit is { } split && split is < 0 or >= 1)
        {
            reader.Report("validationSplit", $"must be in [0, 1) (got {SpecReader.Format(split)})");
            validationSplit = null;
        }
        var normalize = reader.Word(fields, "normalize", SpecWords.Normalizations, 0);
        var batchSize = reader.Integer(fields, "batchSize", 1, HyperparameterCatalog.MaxBatchSize, 32);
        var model = fields["model"] is { } modelElement ? ParseModel(reader, modelElement) : new ModelSpec();
        var optimizer = reader.Word(fields, "optimizer", SpecWords.Optimizers, 0);
        var clipnorm = reader.Number(fields, "clipnorm", double.NaN);
        if (clipnorm is { } c && !double.IsNaN(c) && c <= 0)
        {
            reader.Report("clipnorm", $"must be > 0 (got {SpecReader.Format(c)}); leave it out for no clipping");
            clipnorm = null;
        }
        var epochs = reader.Integer(fields, "epochs", 1, SpecLimits.MaxEpochs, 0);
        var searchSpace = fields["searchSpace"] is { } spaceElement
            ? SearchSpaceParser.Parse(reader, spaceElement, "searchSpace")
            : Missing<SearchSpace>(reader, fields, "searchSpace", "{\"units\": {\"type\": \"int\", \"min\": 32, \"max\": 256, \"step\": 32}}");
        var objective = reader.Word(fields, "objective", SpecWords.Objectives, 0);
        var algorithm = fields["algorithm"] is { } algorithmElement
            ? ParseAlgorithm(reader, algorithmElement)
            : Missing<AlgorithmSpec>(reader, fields, "algorithm", "{\"type\": \"hyperband\", \"maxEpochs\": 50, \"factor\": 3}");

        if (validationSplit == 0 && objective == (int)ObjectiveKind.ValLoss)
            reader.Report("validationSplit", "must be > 0 when the objective is val_loss (or set \"objective\": \"loss\")");
        if (data is SyntheticDataSpec synthetic && window is { } w && horizon is { } h && validationSplit is { } vs)
            CheckSamples(reader, synthetic.Length, (int)w, (int)h, vs);

        if (reader.HasProblems) return null;
        return new JobSpec(
            name!, description, seed!.Value, data!, (int)window!.Value, (int)horizon!.Value, validationSplit!.Value,
            (Normalization)normalize!.Value, (int)batchSize!.Value, model!, (OptimizerKind)optimizer!.Value,
            double.IsNaN(clipnorm!.Value) ? null : clipnorm, epochs == 0 ? null : (int?)epochs, searchSpace!,
            (ObjectiveKind)objective!.Value, algorithm!);
    }

    private static T? Missing<T>(SpecReader reader, JsonFields fields, string name, string example) where T : class
    {
        reader.Require(fields, name, example);
        return null;
    }

    private static string? ParseName(SpecReader reader, JsonFields fields)
    {
        const string rule = "must be 1-63 characters of a-z, 0-9 and '-'";
        if (fields["name"] is not { } element)
        {
            reader.Require(fields, "name", "\"sine-lstm\"");
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            reader.Report("name", $"{rule} (got {SpecReader.Describe(element)})");
            return null;
        }
        var name = element.GetString()!;
        if (name.Length is 0 or > SpecLimits.MaxNameLength || !name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            var fix = name.Length > 0 && name.Length <= SpecLimits.MaxNameLength ? $", e.g. \"{Slug(name)}\"" : "";
            reader.Report("name", $"{rule} (got {SpecReader.Describe(element)}){fix}");
            return null;
        }
        return name;
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
            slug.Append(ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? ch : '-');
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "my-job" : text;
    }

    private static DataSpec? ParseData(SpecReader reader, JsonElement element)
    {
        if (reader.Fields(element, "data") is not { } fields) return null;
        reader.RejectUnknown(fields, DataFields);
        if (reader.Word(fields, "kind", SpecWords.DataKinds, null) is not { } kindIndex) return null;
        var kind = (DataKind)kindIndex;
        var before = reader.ProblemCount;
        if (kind == DataKind.Csv)
        {
            foreach (var unused in new[] { "length", "noise" })
                if (fields.Has(unused))
                    reader.Report(fields.PathOf(unused), $"not used with kind \"csv\" (the file decides the length); remove it");
            var path = reader.Text(fields, "path", SpecLimits.MaxPathLength);
            var content = fields["content"] is { } contentElement ? ParseContent(reader, contentElement) : null;
            if (fields.Has("path") && fields.Has("content"))
                reader.Report("data", "give either \"path\" or \"content\", not both");
            else if (!fields.Has("path") && !fields.Has("content"))
                reader.Report("data", "kind \"csv\" needs \"path\" (a CSV file with a header row) or \"content\" (the CSV text)");
            var target = reader.Text(fields, "target", SpecLimits.MaxColumnNameLength, "\"temperature\"");
            var features = fields["features"] is { } featuresElement ? ParseFeatures(reader, featuresElement) : null;
            if (reader.ProblemCount != before || target is null) return null;
            return new CsvDataSpec(path, content, target, features ?? [target]);
        }
        foreach (var unused in new[] { "path", "content", "target", "features" })
            if (fields.Has(unused))
                reader.Report(fields.PathOf(unused), $"only used with kind \"csv\" (got kind \"{kind.Word()}\"); remove it");
        var length = reader.Integer(fields, "length", 2, SpecLimits.MaxSeriesLength, 1000);
        var noise = reader.Number(fields, "noise", 0.1);
        if (noise is { } n && n is < 0 or > SpecLimits.MaxNoise)
            reader.Report(fields.PathOf("noise"), $"must be in [0, {SpecLimits.MaxNoise:0e0}] (got {SpecReader.Format(n)})");
        if (reader.ProblemCount != before || length is null || noise is null) return null;
        return new SyntheticDataSpec(kind, (int)length.Value, noise.Value);
    }

    private static string? ParseContent(SpecReader reader, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            reader.Report("data.content", $"must be a string holding the CSV text (got {SpecReader.Describe(element)})");
            return null;
        }
        var text = element.GetString()!;
        if (text.Length == 0) reader.Report("data.content", "must not be empty; give the CSV text with its header row");
        else if (text.Length > SpecLimits.MaxContentLength) reader.Report("data.content", $"must be at most {SpecLimits.MaxContentLength} characters (got {text.Length})");
        else return text;
        return null;
    }

    private static ValueList<string>? ParseFeatures(SpecReader reader, JsonElement element)
    {
        const string path = "data.features";
        if (element.ValueKind != JsonValueKind.Array)
        {
            reader.Report(path, $"must be a list of column names (got {SpecReader.Describe(element)}), e.g. [\"temperature\", \"humidity\"]");
            return null;
        }
        var items = element.EnumerateArray().ToList();
        if (items.Count == 0)
        {
            reader.Report(path, "must name at least one column; leave it out to use the target alone");
            return null;
        }
        if (items.Count > SpecLimits.MaxFeatures)
        {
            reader.Report(path, $"at most {SpecLimits.MaxFeatures} columns (got {items.Count})");
            return null;
        }
        var names = new List<string>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = JsonPaths.Index(path, i);
            if (reader.AsText(items[i], itemPath, SpecLimits.MaxColumnNameLength) is not { } column)
            {
                ok = false;
                continue;
            }
            var first = names.IndexOf(column);
            if (first >= 0)
            {
                reader.Report(itemPath, $"duplicate of features[{first}]; list each column once");
                ok = false;
            }
            names.Add(column);
        }
        return ok ? names.ToValueList() : null;
    }

    private static ModelSpec? ParseModel(SpecReader reader, JsonElement element)
    {
        if (reader.Fields(element, "model") is not { } fields) return null;
        reader.RejectUnknown(fields, ModelFields);
        var cell = reader.Word(fields, "cell", SpecWords.Cells, 0);
        var layers = reader.Integer(fields, "layers", 1, HyperparameterCatalog.MaxLayers, 1);
        var activation = reader.Word(fields, "activation", SpecWords.Activations, 0);
        return cell is null || layers is null || activation is null
            ? null
            : new ModelSpec((CellKind)cell.Value, (int)layers.Value, (ActivationKind)activation.Value);
    }

    private static AlgorithmSpec? ParseAlgorithm(SpecReader reader, JsonElement element)
    {
        if (reader.Fields(element, "algorithm") is not { } fields) return null;
        if (reader.Word(fields, "type", SpecWords.Algorithms, null) is not { } typeIndex)
        {
            reader.RejectUnknown(fields, [.. HyperbandFields.Union(RandomFields).Union(AshaFields)]);
            return null;
        }
        var before = reader.ProblemCount;
        switch (SpecWords.Algorithms[typeIndex])
        {
            case "hyperband":
            {
                reader.RejectUnknown(fields, HyperbandFields, " for hyperband");
                var maxEpochs = reader.Integer(fields, "maxEpochs", 1, SpecLimits.MaxEpochs, null, "50");
                var factor = reader.Integer(fields, "factor", 2, SpecLimits.MaxFactor, 3);
                var iterations = reader.Integer(fields, "iterations", 1, SpecLimits.MaxIterations, 1);
                return reader.ProblemCount != before ? null : new HyperbandSpec((int)maxEpochs!.Value, (int)factor!.Value, (int)iterations!.Value);
            }
            case "random":
            {
                reader.RejectUnknown(fields, RandomFields, " for random search");
                var maxTrials = reader.Integer(fields, "maxTrials", 1, SpecLimits.MaxTrials, 10);
                var executions = reader.Integer(fields, "executionsPerTrial", 1, SpecLimits.MaxExecutionsPerTrial, 1);
                var epochs = reader.Integer(fields, "epochs", 1, SpecLimits.MaxEpochs, 10);
                return reader.ProblemCount != before ? null : new RandomSearchSpec((int)maxTrials!.Value, (int)executions!.Value, (int)epochs!.Value);
            }
            default:
            {
                reader.RejectUnknown(fields, AshaFields, " for asha");
                var maxEpochs = reader.Integer(fields, "maxEpochs", 1, SpecLimits.MaxEpochs, null, "50");
                var minEpochs = reader.Integer(fields, "minEpochs", 1, SpecLimits.MaxEpochs, 1);
                var factor = reader.Integer(fields, "factor", 2, SpecLimits.MaxFactor, 3);
                var maxTrials = reader.Integer(fields, "maxTrials", 1, SpecLimits.MaxTrials, 100);
                if (minEpochs is { } lo && maxEpochs is { } hi && lo > hi)
                    reader.Report(fields.PathOf("minEpochs"), $"must be <= maxEpochs (got minEpochs {lo}, maxEpochs {hi})");
                return reader.ProblemCount != before ? null : new AshaSpec((int)maxEpochs!.Value, (int)minEpochs!.Value, (int)factor!.Value, (int)maxTrials!.Value);
            }
        }
    }

    /// <summary>Sample i is x[i .. i+window) with label y[i+window+horizon-1]; the last validationSplit of
    /// them validate, as Keras' validation_split (training = ⌊n·(1 − split)⌋).</summary>
    private static void CheckSamples(SpecReader reader, int length, int window, int horizon, double validationSplit)
    {
        var samples = (long)length - window - horizon + 1;
        var training = samples <= 0 ? 0 : (long)Math.Floor(samples * (1 - validationSplit));
        var validation = samples - training;
        if (samples <= 0 || training < 1 || (validationSplit > 0 && validation < 1))
        {
            var need = validationSplit > 0 ? "a training and a validation sample" : "a training sample";
            reader.Report("window", $"window {window} and horizon {horizon} leave {Math.Max(0, samples)} samples of data.length {length}, split into {training} training and {Math.Max(0, validation)} validation; need {need}: use a smaller window or a longer series");
        }
    }

    private static string DescribeSyntaxError(string json, JsonException e)
    {
        var line = (e.LineNumber ?? 0) + 1;
        var position = (e.BytePositionInLine ?? 0) + 1;
        var where = $"line {line}, position {position}";
        var rest = RestOfLine(json, e.LineNumber ?? 0, e.BytePositionInLine ?? 0).TrimStart();
        if (rest.StartsWith("NaN", StringComparison.Ordinal) || rest.StartsWith("Infinity", StringComparison.Ordinal) || rest.StartsWith("-Infinity", StringComparison.Ordinal))
            return $"{where}: NaN and Infinity are not JSON numbers; use a finite number";
        if (json.Length == 0 || json.All(char.IsWhiteSpace))
            return "the job spec is empty; expected a JSON object";
        var reason = e.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        return $"{where}: invalid JSON: {reason.TrimEnd('.')}";
    }

    private static string RestOfLine(string json, long lineIndex, long bytePosition)
    {
        var lines = json.Split('\n');
        if (lineIndex >= lines.Length) return "";
        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return bytePosition >= bytes.Length ? "" : Encoding.UTF8.GetString(bytes, (int)bytePosition, bytes.Length - (int)bytePosition);
    }
}
