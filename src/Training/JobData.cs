using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Training.Text;

namespace Tuner.Training;

/// <summary>A job's dataset, built the same way on every node: the data its <c>data</c> section describes (sine and
/// weather generated from the job seed, a CSV or a text from its inline content or file), turned into samples as the
/// task says (PRODUCT.md §6) — windows of a series, standardized; texts as padded word ids; a text as windows of
/// character ids — with the preprocessing fitted on the training part only. Bad data is an
/// <see cref="InvalidInputException"/> naming the field, or the line and column of the CSV.</summary>
public static class JobData
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The samples and fitted preprocessing of <paramref name="spec"/>'s data. A <c>data.path</c> is resolved
    /// against <paramref name="baseDirectory"/> (the spec file's folder); inline <c>content</c> wins over <c>path</c>.</summary>
    public static TaskData Prepare(JobSpec spec, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Task switch
        {
            TaskKind.Forecast => TaskData.Forecast(Prepare(spec, LoadSeries(spec, baseDirectory))),
            TaskKind.Classify when spec.ClassifiesText => ClassifyText(spec, ReadSourceText(spec, baseDirectory)!),
            TaskKind.Classify => ClassifySeries(spec, ReadSourceText(spec, baseDirectory)!),
            _ => Generate(spec, ReadSourceText(spec, baseDirectory)!),
        };
    }

    /// <summary>Where a spec's <c>data.path</c> is: relative to <paramref name="baseDirectory"/> (the spec's folder), else
    /// to the current directory.</summary>
    public static string DataPath(string path, string? baseDirectory) => Path.GetFullPath(path, baseDirectory ?? Environment.CurrentDirectory);

    /// <summary><paramref name="data"/> with its file's path made absolute (<see cref="DataPath"/>): messages then name the
    /// file wherever they are read, and a copy of the spec reads it from anywhere.</summary>
    public static DataSpec WithFullPath(DataSpec data, string? baseDirectory) =>
        data is FileDataSpec { Path: { } path } file ? file with { Path = DataPath(path, baseDirectory) } : data;

    /// <summary>Whether the file <paramref name="spec"/>'s data names is not there (deleted or moved), with no inline content
    /// standing in.</summary>
    public static bool DataFileMissing(JobSpec spec, string? baseDirectory = null) =>
        spec.Data is FileDataSpec { Content: null, Path: { } path } && !Path.Exists(DataPath(path, baseDirectory));

    /// <summary>A forecast's raw series. A CSV <c>path</c> is resolved against <paramref name="baseDirectory"/>.</summary>
    public static TimeSeries LoadSeries(JobSpec spec, string? baseDirectory = null)
    {
        try
        {
            return spec.Data switch
            {
                SyntheticDataSpec { Kind: DataKind.Sine } s => SeriesGenerators.Sine(s.Length, s.Noise, unchecked((ulong)spec.Seed)),
                SyntheticDataSpec { Kind: DataKind.Weather } s => SeriesGenerators.Weather(s.Length, s.Noise, unchecked((ulong)spec.Seed)),
                CsvDataSpec { Target: null } => throw new InvalidInputException("data.target: a forecast needs the column to forecast"),
                CsvDataSpec { Content: { } content } csv => CsvSeriesLoader.LoadText(content, csv.Target!, Features(csv), SourceName(csv)),
                CsvDataSpec { Path: { } path } csv => LoadFile(DataPath(path, baseDirectory), csv),
                CsvDataSpec { Dataset: { } dataset } => throw DatasetNotHere(dataset),
                _ => throw new InvalidInputException($"data: a forecast reads sine, weather or csv data (got {spec.Data.Kind.Word()})"),
            };
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
    }

    /// <summary>The refusal of a <c>data.dataset</c> where the data is read on this machine, not by a coordinator.</summary>
    public static InvalidInputException DatasetNotHere(string dataset) =>
        new($"data.dataset: {dataset} is a CSV uploaded to a coordinator; only the cluster reads it (tuner submit), here give data.path");

    /// <summary>The text of a job's data file (a CSV or a plain text: inline content, else the file), so it can
    /// travel with the job; null for generated data. A file that is not UTF-8 is an input error.</summary>
    public static string? ReadSourceText(JobSpec spec, string? baseDirectory = null)
    {
        if (spec.Data is not FileDataSpec file) return null;
        if (file.Content is not null) return file.Content;
        return ReadUtf8File(DataPath(file.Path!, baseDirectory), "data.path");
    }

    /// <summary>A csv job's series from <paramref name="reader"/> (a file or an uploaded dataset read as a stream, so its
    /// text is never one string); messages name <paramref name="sourceName"/>.</summary>
    public static TimeSeries LoadCsv(CsvDataSpec csv, TextReader reader, string sourceName)
    {
        try
        {
            return CsvSeriesLoader.Load(reader, csv.Target!, Features(csv), sourceName);
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
    }

    /// <summary>Everything <see cref="Prepare(JobSpec, string?)"/> would refuse, and a search space whose largest model is
    /// too large for the data (<see cref="ModelSize"/>), without preparing a series (a scaled copy of it). <c>tuner
    /// validate</c> and a coordinator's submission check this way.</summary>
    /// <returns>The model the data asks for.</returns>
    public static ModelShape Check(JobSpec spec, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (shape, samples) = spec.Task switch
        {
            TaskKind.Forecast => FitForecast(spec, LoadSeries(spec, baseDirectory)),
            TaskKind.Classify when !spec.ClassifiesText => ClassifiedShape(LoadClassifiedSeries(spec, ReadSourceText(spec, baseDirectory)!)),
            // A text's samples are its tokens (padded rows, or one stream of characters), not windowed copies.
            _ => PreparedShape(Prepare(spec, baseDirectory)),
        };
        return Fits(spec, shape, samples);
    }

    /// <summary><see cref="Check(JobSpec, string?)"/> of a forecast whose <paramref name="series"/> is loaded (a coordinator
    /// streams an uploaded dataset into one).</summary>
    public static ModelShape Check(JobSpec spec, TimeSeries series)
    {
        var (shape, samples) = FitForecast(spec, series);
        return Fits(spec, shape, samples);
    }

    /// <summary>Refuses a search space whose largest model is too large to train on this data (<see cref="ModelSize"/>):
    /// too many parameters, or one batch of <paramref name="samples"/> at most too large for the step's arrays.</summary>
    private static ModelShape Fits(JobSpec spec, ModelShape shape, int samples)
    {
        if ((ModelSize.LargestProblem(spec, shape.Sizes) ?? ModelSize.LargestStepProblem(spec, shape.Sizes, samples)) is { } tooLarge)
            throw new InvalidInputException($"{SpecFields.SearchSpace}: {tooLarge}");
        return shape;
    }

    private static (ModelShape, int Samples) ClassifiedShape(ClassifiedSeries series) => (series.Shape, series.Samples);

    private static (ModelShape, int Samples) PreparedShape(TaskData data) => (data.Shape, data.Train.Count + (data.Validation?.Count ?? 0));

    private static (ModelShape, int Samples) FitForecast(JobSpec spec, TimeSeries series) =>
        (ModelShape.Regression(series.FeatureCount), CheckFits(spec, series));

    /// <summary>What <see cref="Prepare(JobSpec, TimeSeries)"/> would refuse (window, horizon and split against the
    /// series), without building the windows.</summary>
    /// <returns>The samples the series gives, training and validation together.</returns>
    public static int CheckFits(JobSpec spec, TimeSeries series)
    {
        try
        {
            DatasetBuilder.TrainCount(series.Length, spec.Window, spec.Horizon, spec.ValidationSplit);
            return DatasetBuilder.CountSamples(series.Length, spec.Window, spec.Horizon);
        }
        catch (ArgumentException e)
        {
            if (e.ParamName is not { } field) throw new InvalidInputException(e.Message);
            throw new InvalidInputException($"{field}: {e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal)}");
        }
    }

    /// <summary>The text of the file at <paramref name="path"/>, which must be UTF-8 (a byte-order mark is skipped);
    /// problems are input errors naming <paramref name="field"/>.</summary>
    public static string ReadUtf8File(string path, string field)
    {
        RequireFile(path, field);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Unreadable(path, field, e); }
        return DecodeUtf8(bytes, $"{field}: {path}");
    }

    private static void RequireFile(string path, string field)
    {
        if (Directory.Exists(path)) throw new InvalidInputException($"{field}: {path} is a directory; give a file");
        if (!File.Exists(path)) throw new InvalidInputException($"{field}: file not found: {path}");
    }

    private static InvalidInputException Unreadable(string path, string field, Exception e) => new($"{field}: cannot read {path}: {e.Message}");

    /// <param name="start">The source's first bytes: a UTF-16 or UTF-32 byte-order mark there names the conversion.</param>
    private static InvalidInputException NotUtf8(string what, long? offset, ReadOnlySpan<byte> start) =>
        UnicodeByteOrderMark.EncodingOf(start) is { } encoding
            ? new($"{what} is {encoding.ToUpperInvariant()} text (it starts with a {encoding.ToUpperInvariant()} byte-order mark), not UTF-8; convert it to UTF-8, e.g. iconv -f {encoding} -t utf-8")
            : new($"{what} is not UTF-8 text{(offset is { } at ? $" (byte {at})" : "")}; convert it to UTF-8, e.g. iconv -f latin1 -t utf-8");

    private static byte[] FirstBytes(string path, int count)
    {
        var bytes = new byte[count];
        using var stream = File.OpenRead(path);
        return bytes[..stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false)];
    }

    /// <summary>Strict UTF-8 (a leading byte-order mark skipped); <paramref name="what"/> names the source in the error.</summary>
    public static string DecodeUtf8(byte[] bytes, string what)
    {
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw NotUtf8(what, e.Index >= 0 ? e.Index + start : null, bytes);
        }
    }

    /// <summary>Windows, splits and standardizes a forecast's <paramref name="series"/> per the spec.</summary>
    public static PreparedData Prepare(JobSpec spec, TimeSeries series)
    {
        try
        {
            return DatasetBuilder.Build(series, spec.Window, spec.Horizon, spec.ValidationSplit,
                spec.Normalize == Contracts.Jobs.Normalization.None ? Engine.Data.Normalization.None : Engine.Data.Normalization.Standard);
        }
        catch (ArgumentException e)
        {
            throw FieldError(e);
        }
    }

    /// <summary>Refuses a row whose text (column <paramref name="index"/> of <paramref name="table"/>) is empty, naming the
    /// file, line and column: training learns nothing from it, and a prediction of it would be the padding's.</summary>
    /// <param name="field">The input that named the file: <c>data.text</c> when training, <c>--data</c> when predicting.</param>
    public static void RequireTexts(CsvTextColumns table, int index, string column, string field)
    {
        var texts = table.Column(index);
        for (int row = 0; row < table.Rows; row++)
            if (string.IsNullOrWhiteSpace(texts[row]))
                throw new InvalidInputException($"{field}: {table.Source} line {table.Line(row)}, column '{column}': empty text (data row {row + 1}); every row needs text: fill it in or remove the row");
    }

    /// <summary>Classify with <c>data.text</c>: each row's text as word ids, its label as a class index.</summary>
    private static TaskData ClassifyText(JobSpec spec, string text)
    {
        var csv = (CsvDataSpec)spec.Data;
        var table = Columns(text, [csv.Text!, csv.Label!], csv);
        RequireTexts(table, 0, csv.Text!, "data.text");
        var texts = table.Column(0);
        var labels = FitLabels(table, 1, csv);
        var rows = table.Rows;
        var trainCount = TrainCount(rows, spec.ValidationSplit, "rows");
        var tokenizer = WordTokenizer.Fit(texts.Take(trainCount), spec.Tokenizer!.VocabSize, spec.Tokenizer.MaxLength, spec.Tokenizer.Lowercase);
        if (tokenizer.Words.Count < 2)
            throw new InvalidInputException($"data.text: the training part ({trainCount} rows of column '{csv.Text}') has {tokenizer.Words.Count} distinct word{(tokenizer.Words.Count == 1 ? $" (\"{tokenizer.Words[0]}\")" : "s")}; a vocabulary needs at least 2: check the column, or give more text");
        var tokens = tokenizer.Encode(texts);
        var targets = Targets(table, 1, labels);
        RequireTrainingClasses(targets.AsSpan(0, trainCount), labels, csv, trainCount == 1 ? "the first row" : $"the first {trainCount} rows");
        int length = tokenizer.MaxLength;
        var train = TokenSequenceDataset.Create(tokens.AsSpan(0, trainCount * length), targets.AsSpan(0, trainCount), length);
        var validation = trainCount < rows
            ? TokenSequenceDataset.Create(tokens.AsSpan(trainCount * length), targets.AsSpan(trainCount), length)
            : null;
        return new TaskData { Task = TaskKind.Classify, Train = train, Validation = validation, Words = tokenizer, Labels = labels };
    }

    /// <summary>Classify with numeric <c>data.features</c>: windows of the features (standardized with the training
    /// part's statistics), each labelled with the class at row <c>i + window + horizon − 1</c>, as a forecast's target.</summary>
    private static TaskData ClassifySeries(JobSpec spec, string text)
    {
        var (inputs, labels, classes, trainCount, _) = LoadClassifiedSeries(spec, text);
        var csv = (CsvDataSpec)spec.Data;
        try
        {
            var features = inputs.Features.ToArray();
            Standardizer? scaler = null;
            if (spec.Normalize == Contracts.Jobs.Normalization.Standard)
            {
                // The rows the training windows read (labels are classes: never scaled).
                scaler = Standardizer.Fit(inputs, 0, trainCount - 1 + spec.Window);
                scaler.TransformFeatures(inputs.Features, features);
            }
            var scaled = new TimeSeries(csv.Label!, inputs.FeatureNames, features, classes);
            var windows = DatasetBuilder.Build(scaled, spec.Window, spec.Horizon, spec.ValidationSplit, Engine.Data.Normalization.None);
            return new TaskData
            {
                Task = TaskKind.Classify, Train = windows.Train, Validation = windows.Validation, Windows = windows, Scaler = scaler, Labels = labels,
            };
        }
        catch (ArgumentException e)
        {
            throw FieldError(e);
        }
    }

    /// <summary>A numeric classification's features, classes, training windows and all its windows (<paramref name="Samples"/>),
    /// checked as windowing them would be.</summary>
    private sealed record ClassifiedSeries(TimeSeries Inputs, ClassLabels Labels, float[] Classes, int TrainCount, int Samples)
    {
        public ModelShape Shape
        {
            get
            {
                var (head, classes) = ModelShape.HeadFor(Labels.Count);
                return new ModelShape(Inputs.FeatureCount, 0, head, classes);
            }
        }
    }

    private static ClassifiedSeries LoadClassifiedSeries(JobSpec spec, string text)
    {
        var csv = (CsvDataSpec)spec.Data;
        TimeSeries inputs;
        try
        {
            inputs = CsvSeriesLoader.LoadFeaturesText(text, [.. csv.Features], SourceName(csv));
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
        var table = Columns(text, [csv.Label!], csv);
        var labels = FitLabels(table, 0, csv);
        var classes = Targets(table, 0, labels);
        try
        {
            var trainCount = DatasetBuilder.TrainCount(inputs.Length, spec.Window, spec.Horizon, spec.ValidationSplit);
            // Training window i is labelled with the class of row i + window + horizon − 1.
            RequireTrainingClasses(classes.AsSpan(spec.Window + spec.Horizon - 1, trainCount), labels, csv, $"{trainCount} window{(trainCount == 1 ? "" : "s")}");
            var samples = DatasetBuilder.CountSamples(inputs.Length, spec.Window, spec.Horizon);
            return new ClassifiedSeries(inputs, labels, classes, trainCount, samples);
        }
        catch (ArgumentException e)
        {
            throw FieldError(e);
        }
    }

    /// <summary>Generate: the text as character ids; sample <c>i</c> is characters <c>[i, i + window)</c> and its label the
    /// next one. The vocabulary is fitted on the characters the training samples read.</summary>
    private static TaskData Generate(JobSpec spec, string text)
    {
        var lowercase = spec.Tokenizer?.Lowercase ?? false;
        var normalized = CharacterVocabulary.Normalize(text, lowercase);
        var runes = normalized.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var where = spec.Data is FileDataSpec { Path: { } path } ? $"data.path ({path})" : "data.content";
        if (runes.Length == 0 || normalized.All(char.IsWhiteSpace))
            throw new InvalidInputException($"{where}: the text is empty; give the text to learn from");
        var samples = runes.Length - spec.Window;
        if (samples < 1)
            throw new InvalidInputException($"window: {spec.Window} characters leave no sample in a text of {runes.Length}; use a smaller window or a longer text");
        var trainCount = TrainCount(samples, spec.ValidationSplit, "samples");
        var trainingText = string.Concat(runes.AsSpan(0, trainCount + spec.Window).ToArray());
        var vocabulary = CharacterVocabulary.Fit(trainingText, lowercase);
        if (vocabulary.Count < 2)
            throw new InvalidInputException($"{where}: the training part of the text has {vocabulary.Count} distinct character{(vocabulary.Count == 1 ? $" ('{vocabulary.Characters}')" : "s")}; generate needs at least 2");
        var ids = vocabulary.Encode(normalized);
        var train = TokenStreamDataset.Create(ids, spec.Window, 0, trainCount);
        var validation = trainCount < samples ? TokenStreamDataset.Create(ids, spec.Window, trainCount, samples - trainCount) : null;
        return new TaskData { Task = TaskKind.Generate, Train = train, Validation = validation, Characters = vocabulary };
    }

    private static CsvTextColumns Columns(string text, string[] columns, CsvDataSpec csv)
    {
        try
        {
            return CsvTextColumns.LoadText(text, columns, SourceName(csv));
        }
        catch (DataFormatException e)
        {
            // A problem with the label or text column names the field that chose it.
            var field = e.Column is null ? "data" : e.Column == csv.Label ? "data.label" : e.Column == csv.Text ? "data.text" : "data";
            throw new InvalidInputException($"{field}: {e.Message}");
        }
    }

    private static ClassLabels FitLabels(CsvTextColumns table, int column, CsvDataSpec csv)
    {
        var values = table.Column(column);
        for (int row = 0; row < table.Rows; row++)
            if (string.IsNullOrWhiteSpace(values[row]))
                throw new InvalidInputException($"data.label: {table.Source} line {table.Line(row)}, column '{csv.Label}': empty label (data row {row + 1}); every row needs its class: fill it in or remove the row");
        var labels = ClassLabels.Fit(values);
        if (labels.Count < 2)
            throw new InvalidInputException($"data.label: column '{csv.Label}' has one class (\"{labels.Names[0]}\") in all {table.Rows} rows; classify needs at least two classes: check the column");
        if (labels.Count > ClassLabels.MaxClasses)
            throw new InvalidInputException($"data.label: column '{csv.Label}' has {labels.Count} distinct values; classify takes at most {ClassLabels.MaxClasses} classes: is it the label column?");
        return labels;
    }

    /// <summary>The training part (the first rows: the split keeps the file's order) must hold two classes: one alone
    /// trains a model that only knows it, and the validation part scored it against classes it never saw.</summary>
    private static void RequireTrainingClasses(ReadOnlySpan<float> trainTargets, ClassLabels labels, CsvDataSpec csv, string part)
    {
        if (trainTargets.IsEmpty) return;
        var first = trainTargets[0];
        foreach (var target in trainTargets)
            if (target != first) return;
        var others = string.Join(", ", labels.Names.Where((_, k) => k != (int)first).Select(n => $"\"{n}\""));
        throw new InvalidInputException($"data.label: the training part ({part}) has one class (\"{labels.Names[(int)first]}\"); the rows " +
            $"of {others} are all in the validation part, since the split keeps the file's order: shuffle the CSV's rows, or lower validationSplit");
    }

    private static float[] Targets(CsvTextColumns table, int column, ClassLabels labels)
    {
        var values = table.Column(column);
        var targets = new float[values.Count];
        for (int i = 0; i < targets.Length; i++) targets[i] = labels.IndexOf(values[i]);
        return targets;
    }

    private static int TrainCount(int samples, double validationSplit, string what)
    {
        try
        {
            return DatasetBuilder.TrainCount(samples, validationSplit);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"validationSplit: {Clean(e)}{(what == "samples" ? "" : $" (a sample is one of the {what})")}");
        }
    }

    private static InvalidInputException FieldError(ArgumentException e) =>
        // The builder's parameters are the spec's field names; name the field, drop .NET's "(Parameter 'x')".
        e.ParamName is not { } field ? new InvalidInputException(e.Message) : new InvalidInputException($"{field}: {Clean(e)}");

    private static string Clean(ArgumentException e) =>
        e.ParamName is { } field ? e.Message.Replace($" (Parameter '{field}')", "", StringComparison.Ordinal) : e.Message;

    /// <summary>What messages call the data: its path where it has one (also when its text was read from there into
    /// <c>content</c> to be checked as it will travel), else <c>data.content</c>.</summary>
    private static string SourceName(CsvDataSpec csv) => csv.Path ?? (csv.Content is not null ? "data.content" : "data.csv");

    /// <summary>A forecast's CSV file, streamed, decoded as strictly as every other data file (<see cref="ReadUtf8File"/>):
    /// a Latin-1 or binary file read leniently showed its bytes as U+FFFD in a "column not found" message, or trained on them.</summary>
    /// <summary>Checks only the header of a forecast's CSV file (its target and feature columns are there), so a large
    /// file with a wrong column is refused before it is uploaded; the messages are those of loading it whole.</summary>
    public static void CheckCsvHeader(string path, CsvDataSpec csv)
    {
        try
        {
            ReadCsvFile(path, reader => { CsvSeriesLoader.CheckHeader(reader, csv.Target!, Features(csv), path); return 0; });
        }
        catch (DataFormatException e)
        {
            throw new InvalidInputException($"data: {e.Message}");
        }
    }

    private static TimeSeries LoadFile(string path, CsvDataSpec csv) =>
        ReadCsvFile(path, reader => CsvSeriesLoader.Load(reader, csv.Target!, Features(csv), path));

    /// <summary>Reads a csv job's file (<c>data.path</c>) as strict UTF-8 with <paramref name="read"/>: a missing,
    /// unreadable or non-UTF-8 file is an input error naming the field.</summary>
    private static T ReadCsvFile<T>(string path, Func<TextReader, T> read)
    {
        RequireFile(path, "data.path");
        try
        {
            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: false);
            return read(reader);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8($"data.path: {path}", FirstInvalidUtf8Byte(path), FirstBytes(path, 4));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, "data.path", e);
        }
    }

    /// <summary>The offset of the first byte of <paramref name="path"/> that is not UTF-8, read in chunks (the reader's
    /// exception gives an index into its buffer, not the file).</summary>
    private static long FirstInvalidUtf8Byte(string path)
    {
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[StrictUtf8.GetMaxCharCount(bytes.Length)];
        using var stream = File.OpenRead(path);
        long consumed = 0;
        int read;
        while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
        {
            try
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            catch (DecoderFallbackException e)
            {
                return consumed + e.Index;
            }
            consumed += read;
        }
        return consumed;
    }

    private static IReadOnlyList<string>? Features(CsvDataSpec csv) => csv.Features.Count == 0 ? null : [.. csv.Features];
}
