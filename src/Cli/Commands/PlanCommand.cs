using System.CommandLine;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search.Hyperband;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner plan JOB.json|-</c> or <c>tuner plan --max-epochs R [--factor F] [--iterations I]</c>: prints the
/// Hyperband schedule and its totalEpochs, training nothing: as JSON (PRODUCT.md §2) when stdout is not a terminal
/// or with <c>--json</c>, as a table of brackets and rounds on a terminal.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("JOB.json") { HelpName = JobSpecSource.HelpName, Description = $"{JobSpecSource.Help} Its algorithm is hyperband or bohb.", Arity = ArgumentArity.ZeroOrOne };
        var maxEpochs = new BoundedIntegerOption("--max-epochs", 1, SpecLimits.MaxEpochs, "R: the most epochs a trial trains (instead of a job spec).");
        var factor = new BoundedIntegerOption("--factor", 2, SpecLimits.MaxFactor, "η: the keep-one-in-η factor (default 3).");
        var iterations = new BoundedIntegerOption("--iterations", 1, SpecLimits.MaxIterations, "How many times the set of brackets repeats (default 1).");
        var json = new Option<bool>("--json") { Description = "Print the schedule as JSON (what it prints anyway when stdout is not a terminal)." };
        var command = new Command("plan", "Print the Hyperband schedule (brackets, rounds, trials, epochs) and totalEpochs, without training: a table on a terminal, else JSON.");
        command.Arguments.Add(job);
        command.Options.Add(maxEpochs);
        command.Options.Add(factor);
        command.Options.Add(iterations);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => TunerCli.Guard(async () =>
        {
            var schedule = await ScheduleAsync(parse.GetValue(job), maxEpochs.GivenIn(parse), factor.GivenIn(parse), iterations.GivenIn(parse), cancellationToken);
            if (parse.GetValue(json) || Console.IsOutputRedirected)
                await Console.Out.WriteLineAsync(schedule.ToJson());
            else
                PlanTable.Write(schedule);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<HyperbandSchedule> ScheduleAsync(string? job, int? maxEpochs, int? factor, int? iterations, CancellationToken cancellationToken)
    {
        if (job is not null)
        {
            if (maxEpochs is not null || factor is not null || iterations is not null)
                throw new InvalidInputException("give a job spec or --max-epochs/--factor/--iterations, not both");
            var spec = (await JobSpecSource.ReadAsync(job, cancellationToken)).Spec;
            return spec.Algorithm switch
            {
                HyperbandSpec hyperband => HyperbandSchedule.Create(hyperband.MaxEpochs, hyperband.Factor, hyperband.Iterations),
                // BOHB runs Hyperband's brackets exactly; only how new configurations are chosen differs.
                BohbSpec bohb => HyperbandSchedule.Create(bohb.MaxEpochs, bohb.Factor, bohb.Iterations),
                _ => throw new InvalidInputException($"algorithm.type: tuner plan prints Hyperband schedules (hyperband and bohb jobs); this job uses \"{spec.Algorithm.Type}\""),
            };
        }
        if (maxEpochs is null)
            throw new InvalidInputException("give a job spec (tuner plan JOB.json, or - for standard input) or --max-epochs R [--factor F] [--iterations I]");
        return HyperbandSchedule.Create(maxEpochs.Value, factor ?? 3, iterations ?? 1);
    }
}
