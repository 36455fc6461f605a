using Tuner.Contracts;
using Tuner.Training.BestModels;

namespace Tuner.Cli.Commands;

/// <summary>The MODEL argument of <c>tuner predict</c> and <c>tuner generate</c>: a tuner run's best model, every
/// problem with it named <c>MODEL:</c>.</summary>
internal static class ModelArgument
{
    private const string Prefix = "MODEL:";

    /// <summary><see cref="BestModelFile.Load"/>, with the problems the model itself finds in its checkpoint (it names no
    /// argument: it is also built from a run's own checkpoint) prefixed as those of its description are.</summary>
    public static BestModel Load(string path)
    {
        try
        {
            return BestModelFile.Load(path);
        }
        catch (InvalidInputException e) when (e.Problems.Any(problem => !problem.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            throw new InvalidInputException(e.Problems
                .Select(problem => problem.StartsWith(Prefix, StringComparison.Ordinal) ? problem : $"{Prefix} {path}: {problem}").ToList());
        }
    }
}
