using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Training;

namespace Tuner.Coordinator.Jobs;

/// <summary>A job's data as it was submitted: the dataset blob its trials trained on, stored when the job was accepted,
/// not its file as it is now (a file appended to, edited or moved during the search would give the best model another
/// standardization, and its report other rows).</summary>
public static class SubmittedData
{
    /// <summary><paramref name="spec"/> with its file data inline from <paramref name="dataBlob"/>; generated data, or no
    /// blob, as it is.</summary>
    /// <exception cref="InvalidInputException">The blob is missing or not UTF-8.</exception>
    public static async Task<JobSpec> InlineAsync(JobSpec spec, string? dataBlob, IBlobStore blobs, CancellationToken cancellation = default)
    {
        if (spec.Data is not FileDataSpec file || dataBlob is null) return spec;
        var bytes = await blobs.GetAsync(dataBlob, cancellation) ?? throw new InvalidInputException($"data: dataset {dataBlob} is not in the blob store");
        return spec with { Data = file with { Content = JobData.DecodeUtf8(bytes, $"data: dataset {dataBlob}"), Path = null } };
    }
}
