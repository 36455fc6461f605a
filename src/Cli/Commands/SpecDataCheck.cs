using Tuner.Contracts.Jobs;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary>What <c>tuner validate</c> checks of a well-formed spec: the data it names (CSV columns and values, window
/// against length, the model's size). <c>tuner run</c> checks the same before its node starts, so that bad data is said
/// first and alone, in the same words.</summary>
internal static class SpecDataCheck
{
    /// <summary>Throws an <see cref="Contracts.InvalidInputException"/> naming the problem.</summary>
    /// <returns>Null, or the id of a CSV uploaded to a coordinator (<c>data.dataset</c>): only the cluster reads it, so
    /// it is checked there when <c>tuner submit</c> sends the spec, and not here.</returns>
    /// <param name="baseDirectory">What a relative <c>data.path</c> is relative to (<see cref="JobSpecSource.BaseDirectory"/>).</param>
    public static string? Run(JobSpec spec, string baseDirectory)
    {
        if (spec.Data is CsvDataSpec { Dataset: { } dataset }) return dataset;
        // Messages name the data file by its full path, as a forecast's CSV errors (and a coordinator's check) always did.
        JobData.Check(spec with { Data = JobData.WithFullPath(spec.Data, baseDirectory) }, baseDirectory);
        return null;
    }
}
