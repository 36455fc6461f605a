using System.Text.RegularExpressions;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using System.Text;
using Tuner.Engine.Data;
using Tuner.Runtime.Blobs;
using Tuner.Training;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>A submitted spec, checked and made ready to store: parsed, its data loaded and checked as windowing it would be
/// (so a bad CSV or a window longer than the series is refused now, with the row and column, not by every worker later), and a csv
/// job's content taken out of the spec into a dataset blob.</summary>
/// <param name="Spec">The spec as stored: a csv job's <c>data.path</c> names its dataset blob (<c>data/&lt;sha256&gt;</c>)
/// and <c>data.content</c> is gone, so the journal and every assignment stay small.</param>
/// <param name="SpecJson">The canonical JSON of <paramref name="Spec"/>.</param>
/// <param name="CsvText">The data file's text (a CSV, or a generate job's plain text) to store as <paramref name="DataBlob"/>
/// (null for generated data).</param>
public sealed record SubmissionCheck(JobSpec Spec, string SpecJson, string? CsvText, string? DataBlob)
{
    private static readonly Regex JobIdPattern = new("^[a-z0-9][a-z0-9-]{0,79}$", RegexOptions.CultureInvariant);

    /// <summary>The answer to a csv <c>data.path</c> in a spec that came over the network.</summary>
    public const string DataPathOverNetwork =
        "data.path: a job submitted over HTTP must name an uploaded CSV in data.dataset (PUT /api/datasets) or carry its CSV (or text) in data.content; the coordinator never reads files from its own disk (tuner submit uploads or inlines the file for you)";

    /// <summary>Checks <paramref name="specJson"/>; <see cref="InvalidInputException"/> lists every problem. A csv
    /// <c>data.path</c> is read relative to <paramref name="baseDirectory"/> (inline <c>data.content</c> wins), or
    /// refused when <paramref name="inlineDataOnly"/> (the spec came over the network); a <c>data.dataset</c> is read from
    /// <paramref name="datasets"/> as a stream.</summary>
    public static SubmissionCheck Run(string specJson, string? baseDirectory = null, bool inlineDataOnly = false, ILargeBlobStore? datasets = null)
    {
        var spec = JobSpecParser.Parse(specJson);
        if (spec.Data is CsvDataSpec { Dataset: { } dataset } uploaded) return Uploaded(spec, uploaded, dataset, datasets);
        if (inlineDataOnly && spec.Data is FileDataSpec { Content: null }) throw new InvalidInputException(DataPathOverNetwork);
        var csvText = JobData.ReadSourceText(spec, baseDirectory);
        // Checked as it will be stored, from the text just read; the path stays (resolved, as reading the file names it) so
        // that messages name the file.
        var loadable = spec.Data is FileDataSpec file && csvText is not null
            ? spec with { Data = JobData.WithFullPath(file with { Content = csvText }, baseDirectory) }
            : spec;
        JobData.Check(loadable, baseDirectory);
        if (spec.Data is not FileDataSpec csvData || csvText is null) return new SubmissionCheck(spec, JobSpecWriter.ToJson(spec), null, null);

        var blob = BlobProtocol.Ids.Dataset(DataFingerprint.Of(csvText));
        var stored = spec with { Data = csvData with { Path = blob, Content = null } };
        return new SubmissionCheck(stored, JobSpecWriter.ToJson(stored), csvText, blob);
    }

    /// <summary>A job naming an uploaded dataset: the CSV is read from the store as a stream (never whole) and checked as an
    /// inline one is (neither is windowed here: a worker does that); the stored spec names its blob as an inline CSV's.</summary>
    private static SubmissionCheck Uploaded(JobSpec spec, CsvDataSpec csv, string dataset, ILargeBlobStore? store)
    {
        // Checked as a stream of series values, which is what a forecast reads; a classification's rows are checked whole.
        if (spec.Task != TaskKind.Forecast || csv.Target is null)
            throw new InvalidInputException($"data.dataset: an uploaded CSV serves forecasts (data.target); a {spec.Task.Word()} job carries its CSV in data.content (tuner submit inlines it)");
        var blob = BlobProtocol.Ids.Dataset(DatasetIds.Hex(dataset));
        var head = store?.ReadSliceAsync(blob, 0, 1).GetAwaiter().GetResult()
            ?? throw new InvalidInputException($"data.dataset: no dataset {dataset} on this coordinator; upload the CSV first with PUT /api/datasets (tuner submit does)");
        TimeSeries series;
        using (var reader = new StreamReader(new LargeBlobStream(store, blob, head.Length), StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
        {
            try { series = JobData.LoadCsv(csv, reader, "data.dataset"); }
            catch (DecoderFallbackException) { throw new InvalidInputException($"data.dataset: {dataset} is not UTF-8 text; upload the CSV as UTF-8"); }
        }
        JobData.Check(spec, series);
        var stored = spec with { Data = csv with { Path = blob, Content = null, Dataset = null } };
        return new SubmissionCheck(stored, JobSpecWriter.ToJson(stored), null, blob);
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Job ids: 1–80 characters of a-z, 0-9 and '-', starting with a letter or digit (they name actors,
    /// persistence ids and blob folders).</summary>
    public static string? ProblemWithJobId(string jobId) =>
        JobIdPattern.IsMatch(jobId) ? null : $"job id '{jobId}': use 1-80 characters of a-z, 0-9 and '-', starting with a letter or digit";

    /// <summary>Whether <paramref name="resubmitted"/>, whose data file is gone, is <paramref name="stored"/>'s search but
    /// for the data's contents, which cannot be compared: the copy stored with the job stands in for the file.</summary>
    public static bool SameSearchWithoutData(JobSpec stored, JobSpec resubmitted) =>
        stored.Data is FileDataSpec { Path: { } dataset } && resubmitted.Data is FileDataSpec file
        && stored.Fingerprint() == (resubmitted with { Data = file with { Path = dataset, Content = null } }).Fingerprint();

    /// <summary>Why a resubmission under an existing id is refused: what differs in the search (PRODUCT.md "Resuming").
    /// Empty when <paramref name="resubmitted"/> may resume <paramref name="stored"/>.</summary>
    public static IReadOnlyList<string> ResumeProblems(string jobId, JobSpec stored, JobSpec resubmitted)
    {
        if (stored.Fingerprint() == resubmitted.Fingerprint()) return [];
        var differences = stored.Differences(resubmitted);
        return [$"job '{jobId}' exists with a different search; resuming it would mix two searches. Use another job name (or database), or restore the spec and its data. What differs:", .. differences];
    }
}
