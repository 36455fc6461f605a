using System.CommandLine;

namespace Tuner.Cli.Commands;

/// <summary>Every subcommand of <c>tuner</c>, one file each in this folder.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return TrainCommand.Create();
        yield return ValidateCommand.Create();
        yield return PlanCommand.Create();
        yield return SimulateCommand.Create();
        yield return RunCommand.Create();
        yield return PredictCommand.Create();
        yield return GenerateCommand.Create();
        yield return NodeCommands.Coordinator();
        yield return NodeCommands.Worker();
        yield return SubmitCommand.Create();
        yield return JobsCommand.Create();
        yield return WorkersCommand.Create();
        yield return StatusCommand.Create();
        yield return WatchCommand.Create();
        yield return ResultsCommand.Create();
        yield return CancelCommand.Create();
    }
}
