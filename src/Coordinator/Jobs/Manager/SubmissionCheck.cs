using System.Text.RegularExpressions;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Engine.Data;
using Tuner.Training;

namespace Tuner.Coordinator.Jobs.Manager;

/// <summary>A submitted spec, checked and made ready to store: parsed, its data loaded and windowed (so a bad CSV or a
/// window longer than the series is refused now, with the row and column, not by every worker later), and a csv
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
        "data.path: a job submitted over HTTP must carry its CSV text in data.content (a text job its text); the coordinator never reads files from its own disk (tuner submit inlines the file for you)";

    /// <summary>Checks <paramref name="specJson"/>; <see cref="InvalidInputException"/> lists every problem. A csv
    /// <c>data.path</c> is read relative to <paramref name="baseDirectory"/> (inline <c>data.content</c> wins), or
    /// refused when <paramref name="inlineDataOnly"/> (the spec came over the network).</summary>
    public static SubmissionCheck Run(string specJson, string? baseDirectory = null, bool inlineDataOnly = false)
    {
        var spec = JobSpecParser.Parse(specJson);
        if (inlineDataOnly && spec.Data is FileDataSpec { Content: null }) throw new InvalidInputException(DataPathOverNetwork);
        var csvText = JobData.ReadSourceText(spec, baseDirectory);
        var loadable = spec.Data is FileDataSpec file && csvText is not null ? spec with { Data = file with { Content = csvText, Path = null } } : spec;
        JobData.Prepare(loadable, baseDirectory);
        if (spec.Data is not FileDataSpec csvData || csvText is null) return new SubmissionCheck(spec, JobSpecWriter.ToJson(spec), null, null);

        var blob = BlobProtocol.Ids.Dataset(DataFingerprint.Of(csvText));
        var stored = spec with { Data = csvData with { Path = blob, Content = null } };
        return new SubmissionCheck(stored, JobSpecWriter.ToJson(stored), csvText, blob);
    }

    /// <summary>Job ids: 1–80 characters of a-z, 0-9 and '-', starting with a letter or digit (they name actors,
    /// persistence ids and blob folders).</summary>
    public static string? ProblemWithJobId(string jobId) =>
        JobIdPattern.IsMatch(jobId) ? null : $"job id '{jobId}': use 1-80 characters of a-z, 0-9 and '-', starting with a letter or digit";

    /// <summary>Why a resubmission under an existing id is refused: what differs in the search (PRODUCT.md "Resuming").
    /// Empty when <paramref name="resubmitted"/> may resume <paramref name="stored"/>.</summary>
    public static IReadOnlyList<string> ResumeProblems(string jobId, JobSpec stored, JobSpec resubmitted)
    {
        if (stored.Fingerprint() == resubmitted.Fingerprint()) return [];
        var differences = stored.Differences(resubmitted);
        return [$"job '{jobId}' exists with a different search; resuming it would mix two searches. Use another job name (or database), or restore the spec. What differs:", .. differences];
    }
}
