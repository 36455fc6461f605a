using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Engine.Data;
using Tuner.Training.Text;

namespace Tuner.Training.BestModels;

/// <summary><c>best-model.json</c>, the description <c>tuner run</c> writes beside <c>best-model.ckpt</c>: which trial and
/// epoch the state is (the best trial at its best epoch, PRODUCT.md §8), its metrics there, the input it reads, the
/// preprocessing fitted on the training part (standardization, tokenizer or character vocabulary, class names), and the
/// job spec (data path made absolute) so <c>tuner predict</c> can read the job's own data. <see cref="Load"/> reads it
/// back with the checkpoint.</summary>
public static class BestModelFile
{
    public const string ModelFile = "best-model.ckpt";
    public const string InfoFile = "best-model.json";

    /// <summary>The format's name and version, the file's first field.</summary>
    public const string Format = FormatName + "2";

    private const string FormatName = "tuner-best-model/";

    /// <summary>Whether <paramref name="recorded"/> (a <see cref="FormatName"/> format) has a version above this one's.</summary>
    private static bool IsNewer(string recorded) =>
        int.TryParse(recorded.AsSpan(FormatName.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
        && version > int.Parse(Format.AsSpan(FormatName.Length), CultureInfo.InvariantCulture);

    /// <summary>The JSON of best-model.json for <paramref name="model"/>, the best trial's checkpoint; <paramref name="spec"/>
    /// as written (its data path).</summary>
    public static string Write(ResultsDocument results, BestTrial best, BestModel model, JobSpec spec, string? specBaseDirectory)
    {
        var preprocessing = model.Preprocessing;
        var trialValue = ObjectiveValues.Of(best, results.Objective);
        // The model's own value: a trial of several executions ranks by their mean, and the model is one of them.
        var ownValue = model.LastEpoch is { } last ? ObjectiveValues.Pick(results.Objective, last.ValLoss, last.Loss, last.ValAccuracy, last.Accuracy) : trialValue;
        var info = new JsonObject
        {
            ["format"] = Format,
            ["job"] = results.Job,
            ["task"] = spec.Task.Word(),
            ["trialId"] = best.TrialId,
            ["hyperparameters"] = JsonNode.Parse(best.Hyperparameters.ToJson()),
            ["objective"] = results.Objective,
            [results.Objective] = ownValue,
            ["epoch"] = model.EpochsTrained,
            ["epochs"] = best.Epochs,
            ["checkpoint"] = ModelFile,
            ["checkpointFormat"] = "Tuner training checkpoint v2 (TrainingSession.Restore)",
            ["input"] = Input(spec, preprocessing),
            ["normalization"] = preprocessing.Scaler is { } s
                ? new JsonObject
                {
                    ["targetMean"] = s.TargetMean,
                    ["targetStd"] = s.TargetStd,
                    ["featureMeans"] = new JsonArray([.. s.FeatureMeans.Select(v => (JsonNode?)v)]),
                    ["featureStds"] = new JsonArray([.. s.FeatureStds.Select(v => (JsonNode?)v)]),
                }
                : "none",
        };
        if (preprocessing.Words is { } words)
            info["tokenizer"] = new JsonObject
            {
                ["type"] = "words", ["lowercase"] = words.Lowercase, ["maxLength"] = words.MaxLength, ["paddingId"] = WordTokenizer.PaddingId,
                ["outOfVocabularyId"] = WordTokenizer.OutOfVocabularyId, ["words"] = new JsonArray([.. words.Words.Select(w => (JsonNode?)w)]),
            };
        if (preprocessing.Characters is { } characters)
            info["tokenizer"] = new JsonObject
            {
                ["type"] = "characters", ["lowercase"] = characters.Lowercase, ["unknownId"] = CharacterVocabulary.UnknownId, ["characters"] = characters.Characters,
            };
        if (ownValue != trialValue) info["trialMean"] = trialValue;
        if (preprocessing.Labels is { } labels) info["labels"] = new JsonArray([.. labels.Names.Select(n => (JsonNode?)n)]);
        info["spec"] = JobSpecWriter.ToNode(spec with { Data = Portable(spec.Data, specBaseDirectory) });
        return info.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What to say of a <c>tuner run</c> output folder without a best model (its results.json names the job and
    /// how it ended: a failed job, every trial diverged, has none); null when <paramref name="folder"/> is no such folder.</summary>
    private static string? RunWithoutModel(string folder)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))) is not JsonObject results
                || results["job"]?.GetValue<string>() is not { } job || results["status"]?.GetValue<string>() is not { } status)
                return null;
            return $"MODEL: {folder} holds the results of job '{job}', which ended {status} without a best model"
                + (status == "failed" ? " (no trial produced its objective: see results.json)" : "");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The model in <paramref name="path"/>: a <c>tuner run</c> output folder, its best-model.json, or its
    /// best-model.ckpt (read with the description beside it).</summary>
    /// <exception cref="InvalidInputException">Missing files, or files that are not a Tuner best model.</exception>
    public static BestModel Load(string path)
    {
        var isFolder = Directory.Exists(path);
        var infoPath = isFolder ? Path.Combine(path, InfoFile) : path;
        if (!isFolder && Path.GetFileName(path) == ModelFile)
        {
            // The checkpoint says nothing of the data it reads: its description beside it does.
            infoPath = Path.Combine(Path.GetDirectoryName(path) ?? "", InfoFile);
            if (File.Exists(path) && !File.Exists(infoPath))
                throw new InvalidInputException($"MODEL: {path} is a model checkpoint without the {InfoFile} tuner run writes beside it; give the output folder of the run");
        }
        if (!File.Exists(infoPath))
            throw new InvalidInputException(isFolder
                ? RunWithoutModel(path) ?? $"MODEL: {path} has no {InfoFile}; give a tuner run output folder (tuner-out/JOB) or its {InfoFile}"
                : $"MODEL: {path} not found; give a tuner run output folder (tuner-out/JOB) or its {InfoFile}");
        JsonObject info;
        try
        {
            info = JsonNode.Parse(File.ReadAllText(infoPath)) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new InvalidInputException($"MODEL: {infoPath} is not JSON, so not a {InfoFile}; give a tuner run output folder (tuner-out/JOB) or its {InfoFile}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"MODEL: {infoPath} cannot be read: {e.Message}");
        }
        var recorded = info["format"] is JsonValue format && format.TryGetValue<string>(out var formatName) ? formatName : null;
        if (recorded != Format)
        {
            // Only another version's description deserves "run the job again": a results.json or another file is just the wrong file.
            throw new InvalidInputException(recorded is not null && recorded.StartsWith(FormatName, StringComparison.Ordinal)
                ? IsNewer(recorded)
                    ? $"MODEL: {infoPath} is a {recorded} description, written by a newer tuner than this one (it reads {Format}); use that tuner, or run the job again with this one"
                    : $"MODEL: {infoPath} is a {recorded} description of an older tuner run, not {Format}; run the job again to write it"
                : info["trials"] is JsonArray
                    ? $"MODEL: {infoPath} is a run's results, not its model; give the run's output folder (tuner-out/JOB) or its {InfoFile}"
                    : $"MODEL: {infoPath} is not a {InfoFile}; give a tuner run output folder (tuner-out/JOB) or its {InfoFile}");
        }
        JobSpec spec;
        try
        {
            spec = JobSpecParser.Parse(info["spec"]?.ToJsonString() ?? throw new InvalidInputException("is missing"));
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException(e.Problems.Select(problem => $"MODEL: {infoPath} is damaged: its spec: {problem}").ToList());
        }
        try
        {
            var checkpointPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(infoPath))!, info["checkpoint"]!.GetValue<string>());
            if (!File.Exists(checkpointPath)) throw new InvalidInputException($"MODEL: the checkpoint {checkpointPath} is missing");
            var preprocessing = ReadPreprocessing(info);
            // The sequence length sizes every prediction's buffers: an edited one fails there with an overflow.
            if (preprocessing.Words is { } words && words.MaxLength != spec.Window)
                throw new InvalidInputException($"MODEL: {infoPath} is damaged: tokenizer.maxLength is {words.MaxLength}, its spec's is {spec.Window}; restore the file, or run the job again to write it");
            return new BestModel(spec, preprocessing, File.ReadAllBytes(checkpointPath));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            // The runtime's words (a null reference, a node of the wrong kind) would name no field the user could fix.
            throw new InvalidInputException($"MODEL: {infoPath} is damaged: a field is missing or has the wrong type; restore the file, or run the job again to write it");
        }
    }

    private static Preprocessing ReadPreprocessing(JsonObject info)
    {
        var input = info["input"]!.AsObject();
        var featureNames = input["featureNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var target = input["target"]?.GetValue<string>();
        Standardizer? scaler = info["normalization"] is JsonObject n
            ? new Standardizer(Doubles(n["featureMeans"]!), Doubles(n["featureStds"]!), n["targetMean"]!.GetValue<double>(), n["targetStd"]!.GetValue<double>())
            : null;
        WordTokenizer? words = null;
        CharacterVocabulary? characters = null;
        if (info["tokenizer"] is JsonObject t)
        {
            var lowercase = t["lowercase"]!.GetValue<bool>();
            if (t["type"]!.GetValue<string>() == "words")
                words = new WordTokenizer(t["words"]!.AsArray().Select(w => w!.GetValue<string>()).ToList(), t["maxLength"]!.GetValue<int>(), lowercase);
            else
                characters = new CharacterVocabulary(t["characters"]!.GetValue<string>(), lowercase);
        }
        var labels = info["labels"] is JsonArray l ? new ClassLabels(l.Select(x => x!.GetValue<string>()).ToList()) : null;
        return new Preprocessing(featureNames, target, scaler, words, characters, labels);

        static List<double> Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToList();
    }

    private static JsonObject Input(JobSpec spec, Preprocessing preprocessing)
    {
        var input = new JsonObject { ["window"] = spec.Window };
        if (!spec.HasEmbedding) input["horizon"] = spec.Horizon;
        input["features"] = preprocessing.FeatureNames.Count;
        input["featureNames"] = new JsonArray([.. preprocessing.FeatureNames.Select(f => (JsonNode?)f)]);
        if (preprocessing.Target is { } target) input["target"] = target;
        if (spec.Data is CsvDataSpec { Text: { } text }) input["text"] = text;
        return input;
    }

    /// <summary>The data section as it can be read from anywhere: a file path made absolute; inline content kept only
    /// when small (a large inline dataset is left out: predict then needs --data).</summary>
    private static DataSpec Portable(DataSpec data, string? baseDirectory) => data switch
    {
        FileDataSpec { Path: not null } file => JobData.WithFullPath(file, baseDirectory),
        FileDataSpec { Content: { Length: > InlineLimit } } file => file with { Content = null, Path = MissingData },
        _ => data,
    };

    /// <summary>Inline data kept in best-model.json up to this many characters.</summary>
    private const int InlineLimit = 1 << 20;

    /// <summary>Stands for a dataset that was inline and too large to keep: predict asks for --data.</summary>
    public const string MissingData = "(inline data not kept: give --data)";

    /// <summary>Formats a value as predict prints it: the shortest text that reads back as the same float.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
