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

    /// <summary>The spec in <paramref name="json"/>, or <see cref="InvalidInputException"/> listing every problem,
    /// one per line, each naming its JSON path and the fix; a syntax error names <paramref name="source"/> (the spec's
    /// file) when given.</summary>
    public static JobSpec Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = SpecLimits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(source is null ? DescribeSyntaxError(json, e) : $"{source}: {DescribeSyntaxError(json, e)}");
        }
        using (document)
        {
            if (UnpairedSurrogates.Find(document.RootElement) is { Count: > 0 } unreadable) throw new InvalidInputException(unreadable);
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
        reader.RejectUnknown(fields, SpecFields.Root);

        var name = ParseName(reader, fields);
        var description = reader.Text(fields, SpecFields.Description, SpecLimits.MaxDescriptionLength);
        var seed = fields[SpecFields.Seed] is { } seedElement ? reader.AsInteger(seedElement, SpecFields.Seed) : 0;
        var taskIndex = reader.Word(fields, SpecFields.Task, SpecWords.Tasks, 0);
        var task = taskIndex is { } t ? (TaskKind)t : (TaskKind?)null;
        var kindFits = task is not null;
        var data = fields[SpecFields.Data] is { } dataElement ? ParseData(reader, dataElement, task, out kindFits) : Missing<DataSpec>(reader, fields, SpecFields.Data, "{\"kind\": \"sine\", \"length\": 1000, \"noise\": 0.1}");
        // A task word that is not one, or data of another task's kind: the fields that depend on the task (columns,
        // window, tokenizer, embedding) cannot be judged, and judging them as a forecast's told users to remove what
        // their task needs. Only the task-independent fields are checked further.
        if (!kindFits) task = null;
        // A data object with an error of its own still says whether it names a text column: judged by that, the fields
        // that follow (tokenizer, window, embedding) are not reported as wrong for a model that reads numbers too.
        var namesText = data is CsvDataSpec { Text: not null }
            || (data is null && fields[SpecFields.Data] is { ValueKind: JsonValueKind.Object } rawData && rawData.TryGetProperty(SpecFields.Text, out _));
        var classifiesText = task == TaskKind.Classify && namesText;
        var readsText = classifiesText || task == TaskKind.Generate;
        var tokenizer = ParseTokenizer(reader, fields, task, classifiesText, readsText);

        long? window;
        long? horizon;
        if (classifiesText)
        {
            // The sequence is the text cut or padded to tokenizer.maxLength; there is no series to window.
            foreach (var unused in new[] { SpecFields.Window, SpecFields.Horizon })
                if (fields.Has(unused))
                    reader.Report(unused, "not used for a text classification: tokenizer.maxLength is the sequence length; remove it");
            window = tokenizer?.MaxLength;
            horizon = 1;
        }
        else
        {
            window = reader.Integer(fields, SpecFields.Window, 1, SpecLimits.MaxWindow, task is null ? 1 : null, task == TaskKind.Generate ? "40" : "10");
            if (task == TaskKind.Generate && fields.Has(SpecFields.Horizon))
            {
                reader.Report(SpecFields.Horizon, "not used with task generate: the window predicts the next character; remove it");
                horizon = 1;
            }
            else
            {
                horizon = reader.Integer(fields, SpecFields.Horizon, 1, SpecLimits.MaxHorizon, 1);
            }
        }
        var validationSplit = reader.Number(fields, SpecFields.ValidationSplit, 0.2);
        if (validationSplit is { } split && split is < 0 or >= 1)
        {
            reader.Report(SpecFields.ValidationSplit, $"must be in [0, 1) (got {SpecReader.Format(split)})");
            validationSplit = null;
        }
        if (readsText && fields.Has(SpecFields.Normalize))
            reader.Report(SpecFields.Normalize, $"not used when the model reads text (task {task!.Value.Word()}): tokens are not scaled; remove it");
        var normalize = readsText ? 0 : reader.Word(fields, SpecFields.Normalize, SpecWords.Normalizations, 0);
        var batchSize = reader.Integer(fields, SpecFields.BatchSize, 1, HyperparameterCatalog.MaxBatchSize, 32);
        var model = fields[SpecFields.Model] is { } modelElement ? ParseModel(reader, modelElement, readsText || task is null) : new ModelSpec();
        var optimizer = reader.Word(fields, SpecFields.Optimizer, SpecWords.Optimizers, 0);
        var clipnorm = reader.Number(fields, SpecFields.Clipnorm, double.NaN);
        if (clipnorm is { } c && !double.IsNaN(c) && c <= 0)
        {
            reader.Report(SpecFields.Clipnorm, $"must be > 0 (got {SpecReader.Format(c)}); leave it out for no clipping");
            clipnorm = null;
        }
        else if (clipnorm is { } d && !double.IsNaN(d) && !SinglePrecision.Holds(d, v => v > 0))
        {
            reader.Report(SpecFields.Clipnorm, SinglePrecision.Problem("> 0", SpecReader.Format(d), d));
            clipnorm = null;
        }
        var epochs = reader.Integer(fields, SpecFields.Epochs, 1, SpecLimits.MaxEpochs, 0);
        var searchSpace = fields[SpecFields.SearchSpace] is { } spaceElement
            ? SearchSpaceParser.Parse(reader, spaceElement, SpecFields.SearchSpace)
            : Missing<SearchSpace>(reader, fields, SpecFields.SearchSpace, "{\"units\": {\"type\": \"int\", \"min\": 32, \"max\": 256, \"step\": 32}}");
        if (searchSpace?.Find(HyperparameterCatalog.EmbeddingDimName) is not null && task is not null && !readsText)
            reader.Report(JsonPaths.Child(SpecFields.SearchSpace, HyperparameterCatalog.EmbeddingDimName),
                HyperparameterCatalog.NoEmbedding);
        var objective = reader.Word(fields, SpecFields.Objective, SpecWords.Objectives, 0);
        if (objective is { } o && ((ObjectiveKind)o).IsAccuracy() && task == TaskKind.Forecast)
            reader.Report(SpecFields.Objective, $"{((ObjectiveKind)o).Word()} needs task classify or generate (a forecast has no accuracy); use val_loss or loss");
        var algorithm = fields[SpecFields.Algorithm] is { } algorithmElement
            ? ParseAlgorithm(reader, algorithmElement)
            : Missing<AlgorithmSpec>(reader, fields, SpecFields.Algorithm, "{\"type\": \"hyperband\", \"maxEpochs\": 50, \"factor\": 3}");

        if (algorithm is GridSpec && searchSpace is not null) CheckGrid(reader, searchSpace);
        if (validationSplit == 0 && objective is { } measured && ((ObjectiveKind)measured).IsValidation())
            reader.Report(SpecFields.ValidationSplit, $"must be > 0 when the objective is {((ObjectiveKind)measured).Word()} (or set \"objective\": \"{(((ObjectiveKind)measured).IsAccuracy() ? "accuracy" : "loss")}\")");
        if (data is SyntheticDataSpec synthetic && window is { } w && horizon is { } h && validationSplit is { } vs)
            CheckSamples(reader, synthetic.Length, (int)w, (int)h, vs);

        // The model's size depends on the task, the data's columns, the tokenizer, the model and the search space alone: it
        // is judged whenever those are valid, with the other problems (said only once they were fixed, it was a new error
        // in the last round), and skipped when one is not (it cannot be counted). A spec with problems is not returned:
        // its other fields stand in at their defaults, which the count does not read.
        if (task is not { } sizedTask || data is null || model is null || searchSpace is null || (readsText && tokenizer is null))
            return null;
        var spec = new JobSpec(
            name ?? "", description, seed ?? 0, data, (int)(window ?? 1), (int)(horizon ?? 1), validationSplit ?? 0,
            (Normalization)(normalize ?? 0), (int)(batchSize ?? 1), model, (OptimizerKind)(optimizer ?? 0),
            clipnorm is { } norm && !double.IsNaN(norm) ? norm : null, epochs is null or 0 ? null : (int?)epochs, searchSpace,
            (ObjectiveKind)(objective ?? 0), algorithm ?? new GridSpec(), sizedTask, tokenizer);
        if (ModelSize.LargestProblem(spec, ModelSize.Known(spec)) is { } tooLarge) reader.Report(SpecFields.SearchSpace, tooLarge);
        return reader.HasProblems ? null : spec;
    }

    /// <summary>Each task reads its kinds of data: a forecast a series (sine, weather, csv with a target), classify a
    /// CSV (text or features, and a label), generate a text.</summary>
    /// <returns>False, with the problem reported, when <paramref name="kind"/> is not one <paramref name="task"/> reads.</returns>
    private static bool CheckTaskData(SpecReader reader, TaskKind task, DataKind kind)
    {
        var path = JsonPaths.Child(SpecFields.Data, SpecFields.Kind);
        switch (task)
        {
            case TaskKind.Forecast when kind == DataKind.Text:
                reader.Report(path, "\"text\" is for task generate; a forecast reads sine, weather or csv (or set \"task\": \"generate\")");
                return false;
            case TaskKind.Classify when kind != DataKind.Csv:
                reader.Report(path, $"task classify reads a CSV: \"kind\": \"csv\" with data.label and data.text (a column of text) or data.features (numeric columns) (got \"{kind.Word()}\")");
                return false;
            case TaskKind.Generate when kind != DataKind.Text:
                reader.Report(path, $"task generate reads a plain text: \"kind\": \"text\" with data.path or data.content (got \"{kind.Word()}\")");
                return false;
            default:
                return true;
        }
    }

    /// <summary><c>tokenizer</c>: for the tasks that read text, with its defaults when absent; refused elsewhere.</summary>
    private static TokenizerSpec? ParseTokenizer(SpecReader reader, JsonFields root, TaskKind? task, bool classifiesText, bool readsText)
    {
        if (!readsText)
        {
            if (root.Has(SpecFields.Tokenizer) && task is not null)
                reader.Report(SpecFields.Tokenizer, "only used when the model reads text (classify with data.text, or generate); remove it");
            return null;
        }
        var defaults = new TokenizerSpec(Lowercase: classifiesText);
        if (root[SpecFields.Tokenizer] is not { } element) return defaults;
        if (reader.Fields(element, SpecFields.Tokenizer) is not { } fields) return null;
        var before = reader.ProblemCount;
        reader.RejectUnknown(fields, SpecFields.TokenizerFields);
        if (!classifiesText)
        {
            foreach (var unused in new[] { SpecFields.VocabSize, SpecFields.MaxLength })
                if (fields.Has(unused))
                    reader.Report(fields.PathOf(unused), "not used with task generate: the vocabulary is every character of the training part and window is the sequence length; remove it");
        }
        var vocabSize = classifiesText ? reader.Integer(fields, SpecFields.VocabSize, 2, SpecLimits.MaxVocabSize, TokenizerSpec.DefaultVocabSize) : TokenizerSpec.DefaultVocabSize;
        var maxLength = classifiesText ? reader.Integer(fields, SpecFields.MaxLength, 1, SpecLimits.MaxWindow, TokenizerSpec.DefaultMaxLength) : TokenizerSpec.DefaultMaxLength;
        var lowercase = reader.Boolean(fields, SpecFields.Lowercase, defaults.Lowercase);
        // Null after any problem, as the model's: a misspelt vocabSize is not counted as the default.
        return reader.ProblemCount != before ? null : new TokenizerSpec((int)vocabSize!.Value, (int)maxLength!.Value, lowercase!.Value);
    }

    private static T? Missing<T>(SpecReader reader, JsonFields fields, string name, string example) where T : class
    {
        reader.Require(fields, name, example);
        return null;
    }

    private static string? ParseName(SpecReader reader, JsonFields fields)
    {
        // The job id is the name and a suffix: an id starting with '-' read as an option on every command line.
        const string rule = "must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit";
        if (fields[SpecFields.Name] is not { } element)
        {
            reader.Require(fields, SpecFields.Name, "\"sine-lstm\"");
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            reader.Report(SpecFields.Name, $"{rule} (got {SpecReader.Describe(element)})");
            return null;
        }
        var name = element.GetString()!;
        if (name.Length is 0 or > SpecLimits.MaxNameLength || name[0] == '-' || !name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            var fix = name.Length > 0 && name.Length <= SpecLimits.MaxNameLength ? $", e.g. \"{Slug(name)}\"" : "";
            reader.Report(SpecFields.Name, $"{rule} (got {SpecReader.Describe(element)}){fix}");
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

    /// <param name="kindFits">False when the task is not known (its word is wrong) or reads another kind of data.</param>
    private static DataSpec? ParseData(SpecReader reader, JsonElement element, TaskKind? task, out bool kindFits)
    {
        kindFits = task is not null;
        if (reader.Fields(element, SpecFields.Data) is not { } fields) return null;
        reader.RejectUnknown(fields, SpecFields.DataFields);
        if (reader.Word(fields, SpecFields.Kind, SpecWords.DataKinds, null) is not { } kindIndex) return null;
        var kind = (DataKind)kindIndex;
        if (task is not { } known || !(kindFits = CheckTaskData(reader, known, kind))) return null;
        var before = reader.ProblemCount;
        if (kind is DataKind.Csv or DataKind.Text)
        {
            foreach (var unused in new[] { SpecFields.Length, SpecFields.Noise })
                if (fields.Has(unused))
                    reader.Report(fields.PathOf(unused), $"not used with kind \"{kind.Word()}\" (the file decides the length); remove it");
            var what = kind == DataKind.Csv ? "the CSV text" : "the text";
            var path = reader.Text(fields, SpecFields.Path, SpecLimits.MaxPathLength);
            var content = fields[SpecFields.Content] is { } contentElement ? ParseContent(reader, contentElement, what) : null;
            // A csv may also name a CSV uploaded to the coordinator (PUT /api/datasets).
            var dataset = kind == DataKind.Csv ? reader.Text(fields, SpecFields.Dataset, DatasetIds.Length) : null;
            if (dataset is not null && !DatasetIds.IsValid(dataset))
                reader.Report(fields.PathOf(SpecFields.Dataset), $"'{dataset}' is not a dataset id; PUT /api/datasets answers one, e.g. \"{DatasetIds.Example}\"");
            string[] sourceFields = kind == DataKind.Csv ? [SpecFields.Path, SpecFields.Content, SpecFields.Dataset] : [SpecFields.Path, SpecFields.Content];
            var sources = sourceFields.Count(fields.Has);
            if (sources > 1)
                reader.Report(SpecFields.Data, kind == DataKind.Csv ? "give one of \"path\", \"content\" and \"dataset\", not several" : "give either \"path\" or \"content\", not both");
            else if (sources == 0)
                reader.Report(SpecFields.Data, kind == DataKind.Csv
                    ? "kind \"csv\" needs \"path\" (a CSV file with a header row), \"content\" (the CSV text) or \"dataset\" (an uploaded CSV's id)"
                    : "kind \"text\" needs \"path\" (a UTF-8 text file) or \"content\" (the text)");
            if (kind == DataKind.Text)
            {
                foreach (var unused in new[] { SpecFields.Dataset, SpecFields.Target, SpecFields.Features, SpecFields.Text, SpecFields.Label })
                    if (fields.Has(unused))
                        reader.Report(fields.PathOf(unused), "not used with kind \"text\" (the whole text is the data); remove it");
                return reader.ProblemCount != before ? null : new TextDataSpec(path, content);
            }
            var csv = task == TaskKind.Classify ? ParseLabelledCsv(reader, fields, path, content, before) : ParseSeriesCsv(reader, fields, path, content, before);
            return csv is null ? null : csv with { Dataset = dataset };
        }
        foreach (var unused in new[] { SpecFields.Path, SpecFields.Content, SpecFields.Dataset, SpecFields.Target, SpecFields.Features, SpecFields.Text, SpecFields.Label })
            if (fields.Has(unused))
                reader.Report(fields.PathOf(unused), unused is SpecFields.Path or SpecFields.Content
                    ? $"only used with kind \"csv\" or \"text\" (got kind \"{kind.Word()}\"); remove it"
                    : $"only used with kind \"csv\" (got kind \"{kind.Word()}\"); remove it");
        var length = reader.Integer(fields, SpecFields.Length, 2, SpecLimits.MaxSeriesLength, 1000);
        var noise = reader.Number(fields, SpecFields.Noise, 0.1);
        if (noise is { } n && n is < 0 or > SpecLimits.MaxNoise)
            reader.Report(fields.PathOf(SpecFields.Noise), $"must be in [0, {SpecLimits.MaxNoise:0e0}] (got {SpecReader.Format(n)})");
        if (reader.ProblemCount != before || length is null || noise is null) return null;
        return new SyntheticDataSpec(kind, (int)length.Value, noise.Value);
    }

    /// <summary>A forecast's CSV: the <c>target</c> column and the <c>features</c> (default: the target alone).</summary>
    private static CsvDataSpec? ParseSeriesCsv(SpecReader reader, JsonFields fields, string? path, string? content, int before)
    {
        foreach (var unused in new[] { SpecFields.Text, SpecFields.Label })
            if (fields.Has(unused))
                reader.Report(fields.PathOf(unused), "only used with task classify (a forecast predicts data.target); remove it, or set \"task\": \"classify\"");
        var target = reader.ColumnName(fields, SpecFields.Target, "\"temperature\"");
        var features = fields[SpecFields.Features] is { } featuresElement ? ParseFeatures(reader, featuresElement) : null;
        if (reader.ProblemCount != before || target is null) return null;
        return new CsvDataSpec(path, content, target, features ?? [target]);
    }

    /// <summary>A classification's CSV: the <c>label</c> column and either a column of <c>text</c> or numeric <c>features</c>.</summary>
    private static CsvDataSpec? ParseLabelledCsv(SpecReader reader, JsonFields fields, string? path, string? content, int before)
    {
        if (fields.Has(SpecFields.Target))
            reader.Report(fields.PathOf(SpecFields.Target), "not used with task classify: name the class column data.label; remove target");
        var label = reader.ColumnName(fields, SpecFields.Label, "\"sentiment\"");
        var text = reader.ColumnName(fields, SpecFields.Text);
        var features = fields[SpecFields.Features] is { } featuresElement ? ParseFeatures(reader, featuresElement) : null;
        if (fields.Has(SpecFields.Text) && fields.Has(SpecFields.Features))
            reader.Report(SpecFields.Data, "give either \"text\" (a column of text) or \"features\" (numeric columns, a sequence classification), not both");
        else if (!fields.Has(SpecFields.Text) && !fields.Has(SpecFields.Features))
            reader.Report(SpecFields.Data, "task classify needs \"text\" (a column of text, e.g. \"review\") or \"features\" (numeric columns) besides \"label\"");
        if (label is not null && text == label)
            reader.Report(fields.PathOf(SpecFields.Label), $"must differ from data.text (both name column \"{label}\")");
        if (label is not null && features is not null && features.Contains(label))
            reader.Report(fields.PathOf(SpecFields.Features), $"must not include the label column \"{label}\"");
        if (reader.ProblemCount != before || label is null) return null;
        return new CsvDataSpec(path, content, null, features ?? [], text, label);
    }

    private static string? ParseContent(SpecReader reader, JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            reader.Report("data.content", $"must be a string holding {what} (got {SpecReader.Describe(element)})");
            return null;
        }
        var text = element.GetString()!;
        if (text.Length == 0) reader.Report("data.content", what == "the text" ? "must not be empty; give the text" : "must not be empty; give the CSV text with its header row");
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
            if (reader.ColumnName(items[i], itemPath) is not { } column)
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

    private static ModelSpec? ParseModel(SpecReader reader, JsonElement element, bool readsText)
    {
        if (reader.Fields(element, SpecFields.Model) is not { } fields) return null;
        var before = reader.ProblemCount;
        reader.RejectUnknown(fields, SpecFields.ModelFields);
        var cell = reader.Word(fields, SpecFields.Cell, SpecWords.Cells, 0);
        var layers = reader.Integer(fields, SpecFields.Layers, 1, HyperparameterCatalog.MaxLayers, 1);
        var activation = reader.Word(fields, SpecFields.Activation, SpecWords.Activations, 0);
        var bidirectional = reader.Boolean(fields, SpecFields.Bidirectional, false);
        if (!readsText && fields.Has(SpecFields.EmbeddingDim))
            reader.Report(fields.PathOf(SpecFields.EmbeddingDim), HyperparameterCatalog.NoEmbedding);
        var embeddingDim = reader.Integer(fields, SpecFields.EmbeddingDim, 1, HyperparameterCatalog.MaxEmbeddingDim, ModelSpec.DefaultEmbeddingDim);
        // Null after any problem, a misspelt field's included: the model's size is not counted from a default it stood for.
        return reader.ProblemCount != before
            ? null
            : new ModelSpec((CellKind)cell!.Value, (int)layers!.Value, (ActivationKind)activation!.Value, bidirectional!.Value, (int)embeddingDim!.Value);
    }

    private static AlgorithmSpec? ParseAlgorithm(SpecReader reader, JsonElement element)
    {
        if (reader.Fields(element, SpecFields.Algorithm) is not { } fields) return null;
        if (reader.Word(fields, SpecFields.Type, SpecWords.Algorithms, null) is not { } typeIndex)
        {
            reader.RejectUnknown(fields, [.. Enum.GetValues<AlgorithmKind>().SelectMany(SpecFields.AlgorithmFields).Distinct()]);
            return null;
        }
        var kind = (AlgorithmKind)typeIndex;
        var before = reader.ProblemCount;
        reader.RejectUnknown(fields, SpecFields.AlgorithmFields(kind), kind == AlgorithmKind.Random ? " for random search" : $" for {kind.Word()}");
        AlgorithmSpec? spec = kind switch
        {
            AlgorithmKind.Hyperband => ParseHyperband(reader, fields),
            AlgorithmKind.Random => ParseRandom(reader, fields),
            AlgorithmKind.Asha => ParseAsha(reader, fields),
            AlgorithmKind.Bayesian => ParseBayesian(reader, fields),
            AlgorithmKind.Tpe => ParseTpe(reader, fields),
            AlgorithmKind.Bohb => ParseBohb(reader, fields),
            AlgorithmKind.Grid => ParseGrid(reader, fields),
            _ => throw new ArgumentOutOfRangeException(nameof(element), kind, "an algorithm the parser does not know"),
        };
        return reader.ProblemCount != before ? null : spec;
    }

    // Each returns null when a field was wrong (already reported); ParseAlgorithm also drops the spec after any problem.
    private static HyperbandSpec? ParseHyperband(SpecReader reader, JsonFields fields)
    {
        var maxEpochs = reader.Integer(fields, SpecFields.MaxEpochs, 1, SpecLimits.MaxEpochs, null, "50");
        var factor = reader.Integer(fields, SpecFields.Factor, 2, SpecLimits.MaxFactor, 3);
        var iterations = reader.Integer(fields, SpecFields.Iterations, 1, SpecLimits.MaxIterations, 1);
        return maxEpochs is null || factor is null || iterations is null ? null : new HyperbandSpec((int)maxEpochs, (int)factor, (int)iterations);
    }

    private static BohbSpec? ParseBohb(SpecReader reader, JsonFields fields) =>
        ParseHyperband(reader, fields) is { } schedule ? new BohbSpec(schedule.MaxEpochs, schedule.Factor, schedule.Iterations) : null;

    private static RandomSearchSpec? ParseRandom(SpecReader reader, JsonFields fields)
    {
        var maxTrials = MaxTrials(reader, fields);
        var executions = ExecutionsPerTrial(reader, fields);
        var epochs = TrialEpochs(reader, fields);
        return maxTrials is null || executions is null || epochs is null ? null : new RandomSearchSpec((int)maxTrials, (int)executions, (int)epochs);
    }

    private static AshaSpec? ParseAsha(SpecReader reader, JsonFields fields)
    {
        var maxEpochs = reader.Integer(fields, SpecFields.MaxEpochs, 1, SpecLimits.MaxEpochs, null, "50");
        var minEpochs = reader.Integer(fields, SpecFields.MinEpochs, 1, SpecLimits.MaxEpochs, 1);
        var factor = reader.Integer(fields, SpecFields.Factor, 2, SpecLimits.MaxFactor, 3);
        var maxTrials = reader.Integer(fields, SpecFields.MaxTrials, 1, SpecLimits.MaxTrials, 100);
        if (minEpochs is { } lo && maxEpochs is { } hi && lo > hi)
        {
            reader.Report(fields.PathOf(SpecFields.MinEpochs), $"must be <= maxEpochs (got minEpochs {lo}, maxEpochs {hi})");
            return null;
        }
        return maxEpochs is null || minEpochs is null || factor is null || maxTrials is null
            ? null
            : new AshaSpec((int)maxEpochs, (int)minEpochs, (int)factor, (int)maxTrials);
    }

    private static BayesianSpec? ParseBayesian(SpecReader reader, JsonFields fields)
    {
        var maxTrials = MaxTrials(reader, fields);
        if (maxTrials > SpecLimits.MaxGaussianProcessTrials)
        {
            reader.Report(fields.PathOf(SpecFields.MaxTrials), $"must be at most {SpecLimits.MaxGaussianProcessTrials} for bayesian (got {maxTrials}): " +
                "its Gaussian process conditions on every finished trial, at a cost growing with the cube of their number; for more trials use tpe or random");
            maxTrials = null;
        }
        var initial = reader.Integer(fields, SpecFields.NumInitialPoints, 1, SpecLimits.MaxTrials, 0);
        var alpha = reader.Number(fields, SpecFields.Alpha, 1e-4);
        if (alpha is { } a && a is <= 0 or > SpecLimits.MaxGaussianProcessNoise)
        {
            reader.Report(fields.PathOf(SpecFields.Alpha), $"must be > 0 and at most {SpecLimits.MaxGaussianProcessNoise} (got {SpecReader.Format(a)}): the noise added to the Gaussian process's kernel, e.g. 1e-4");
            alpha = null;
        }
        var beta = reader.Number(fields, SpecFields.Beta, 2.6);
        if (beta is { } b && b is < 0 or > SpecLimits.MaxConfidenceBoundBeta)
        {
            reader.Report(fields.PathOf(SpecFields.Beta), $"must be from 0 to {SpecLimits.MaxConfidenceBoundBeta} (got {SpecReader.Format(b)}): larger explores more, e.g. 2.6");
            beta = null;
        }
        var executions = ExecutionsPerTrial(reader, fields);
        var epochs = TrialEpochs(reader, fields);
        return maxTrials is null || initial is null || alpha is null || beta is null || executions is null || epochs is null
            ? null
            : new BayesianSpec((int)maxTrials, initial == 0 ? null : (int)initial, alpha.Value, beta.Value, (int)executions, (int)epochs);
    }

    private static TpeSpec? ParseTpe(SpecReader reader, JsonFields fields)
    {
        var maxTrials = MaxTrials(reader, fields);
        var startup = reader.Integer(fields, SpecFields.StartupTrials, 0, SpecLimits.MaxTrials, 10);
        var executions = ExecutionsPerTrial(reader, fields);
        var epochs = TrialEpochs(reader, fields);
        return maxTrials is null || startup is null || executions is null || epochs is null
            ? null
            : new TpeSpec((int)maxTrials, (int)startup, (int)executions, (int)epochs);
    }

    private static GridSpec? ParseGrid(SpecReader reader, JsonFields fields)
    {
        var executions = ExecutionsPerTrial(reader, fields);
        var epochs = TrialEpochs(reader, fields);
        return executions is null || epochs is null ? null : new GridSpec((int)executions, (int)epochs);
    }

    private static long? MaxTrials(SpecReader reader, JsonFields fields) => reader.Integer(fields, SpecFields.MaxTrials, 1, SpecLimits.MaxTrials, 10);

    private static long? ExecutionsPerTrial(SpecReader reader, JsonFields fields) =>
        reader.Integer(fields, SpecFields.ExecutionsPerTrial, 1, SpecLimits.MaxExecutionsPerTrial, 1);

    private static long? TrialEpochs(SpecReader reader, JsonFields fields) => reader.Integer(fields, SpecFields.Epochs, 1, SpecLimits.MaxEpochs, 10);

    /// <summary>Grid search needs a grid: a step for every float and at most <see cref="SearchGrid.MaxPoints"/> combinations.</summary>
    private static void CheckGrid(SpecReader reader, SearchSpace space)
    {
        foreach (var (path, message) in SearchGrid.Problems(space)) reader.Report(path, message);
    }

    /// <summary>Sample i is x[i .. i+window) with label y[i+window+horizon-1]; the last validationSplit of
    /// them validate, as Keras' validation_split (training = ⌊n·(1 − split)⌋).</summary>
    /// <summary>Whether a synthetic series of <paramref name="length"/> points gives a training sample (and a validation
    /// one when asked for), the problem reported on the field that causes it.</summary>
    private static void CheckSamples(SpecReader reader, int length, int window, int horizon, double validationSplit)
    {
        var samples = Math.Max(0, (long)length - window - horizon + 1);
        var needed = validationSplit > 0 ? 2 : 1;
        var made = $"{samples} sample{(samples == 1 ? "" : "s")} of data.length {length}";
        if (samples < needed)
        {
            // Too short for the windows asked for, whatever the split: the larger of window and horizon is the one to lower.
            var (field, word) = horizon > window ? (SpecFields.Horizon, "horizon") : (SpecFields.Window, "window");
            var need = needed == 2 ? "2 (a training and a validation sample)" : "1";
            reader.Report(field, $"window {window} and horizon {horizon} leave {made}; need {need}: use a smaller {word} or a longer series");
            return;
        }
        var training = (long)Math.Floor(samples * (1 - validationSplit));
        var of = $"of the {made} that window {window} and horizon {horizon} leave";
        if (training < 1)
            reader.Report(SpecFields.ValidationSplit, $"{validationSplit} leaves no training sample {of}: lower validationSplit or use a longer series");
        else if (validationSplit > 0 && samples - training < 1)
            reader.Report(SpecFields.ValidationSplit, $"{validationSplit} leaves no validation sample {of}: raise validationSplit to at least {1.0 / samples:G3}, use a longer series, or set 0 for no validation");
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
        return $"{where}: invalid JSON: {SyntaxReason(e.Message)}";
    }

    /// <summary>The parser's reason in the user's terms: its messages about its own reader options ("Change the reader
    /// options", "configured depth") mean nothing to someone writing a spec.</summary>
    private static string SyntaxReason(string message)
    {
        if (message.Contains("trailing comma", StringComparison.Ordinal)) return "a comma before } or ]; remove it";
        if (message.Contains("Expected depth to be zero", StringComparison.Ordinal)) return "the text ends inside an object or a list; close every { with } and every [ with ]";
        if (message.Contains("maximum configured depth", StringComparison.Ordinal)) return "objects and lists nested too deeply; a job spec needs a few levels";
        if (message.Contains("'/' is an invalid start", StringComparison.Ordinal)) return "comments are not JSON; remove them";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    private static string RestOfLine(string json, long lineIndex, long bytePosition)
    {
        var lines = json.Split('\n');
        if (lineIndex >= lines.Length) return "";
        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return bytePosition >= bytes.Length ? "" : Encoding.UTF8.GetString(bytes, (int)bytePosition, bytes.Length - (int)bytePosition);
    }
}
