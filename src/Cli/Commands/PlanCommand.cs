using System.CommandLine;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search.Hyperband;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner plan JOB.json</c> or <c>tuner plan --max-epochs R [--factor F] [--iterations I]</c>: prints the
/// Hyperband schedule and its totalEpochs, training nothing: as JSON (PRODUCT.md §2) when stdout is not a terminal
/// or with <c>--json</c>, as a table of brackets and rounds on a terminal.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("job") { Description = "A job spec whose algorithm is hyperband or bohb.", Arity = ArgumentArity.ZeroOrOne };
        var maxEpochs = new Option<int>("--max-epochs") { Description = "R: the most epochs a trial trains (instead of a job spec)." };
        var factor = new Option<int>("--factor") { Description = "η: the keep-one-in-η factor (default 3)." };
        var iterations = new Option<int>("--iterations") { Description = "How many times the set of brackets repeats (default 1)." };
        var json = new Option<bool>("--json") { Description = "Print the schedule as JSON (what it prints anyway when stdout is not a terminal)." };
        var command = new Command("plan", "Print the Hyperband schedule (brackets, rounds, trials, epochs) and totalEpochs, without training: a table on a terminal, else JSON.");
        command.Arguments.Add(job);
        command.Options.Add(maxEpochs);
        command.Options.Add(factor);
        command.Options.Add(iterations);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) => TunerCli.Guard(async () =>
        {
            var schedule = await ScheduleAsync(parse.GetValue(job), Given(parse, maxEpochs), Given(parse, factor), Given(parse, iterations), cancellationToken);
            if (parse.GetValue(json) || Console.IsOutputRedirected)
                await Console.Out.WriteLineAsync(schedule.ToJson());
            else
                PlanTable.Write(schedule);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The option's value when it was on the command line, else null.</summary>
    private static int? Given(ParseResult parse, Option<int> option) => parse.GetResult(option) is null ? null : parse.GetValue(option);

    private static async Task<HyperbandSchedule> ScheduleAsync(string? job, int? maxEpochs, int? factor, int? iterations, CancellationToken cancellationToken)
    {
        if (job is not null)
        {
            if (maxEpochs is not null || factor is not null || iterations is not null)
                throw new InvalidInputException("give a job spec or --max-epochs/--factor/--iterations, not both");
            var spec = await JobSpecFile.ReadAsync(job, cancellationToken);
            return spec.Algorithm switch
            {
                HyperbandSpec hyperband => HyperbandSchedule.Create(hyperband.MaxEpochs, hyperband.Factor, hyperband.Iterations),
                // BOHB runs Hyperband's brackets exactly; only how new configurations are chosen differs.
                BohbSpec bohb => HyperbandSchedule.Create(bohb.MaxEpochs, bohb.Factor, bohb.Iterations),
                _ => throw new InvalidInputException($"algorithm.type: tuner plan prints Hyperband schedules (hyperband and bohb jobs); this job uses \"{spec.Algorithm.Type}\""),
            };
        }
        if (maxEpochs is null)
            throw new InvalidInputException("give a job spec (tuner plan JOB.json) or --max-epochs R [--factor F] [--iterations I]");
        var problems = new List<string>();
        Check("--max-epochs", maxEpochs.Value, 1, SpecLimits.MaxEpochs);
        Check("--factor", factor ?? 3, 2, SpecLimits.MaxFactor);
        Check("--iterations", iterations ?? 1, 1, SpecLimits.MaxIterations);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return HyperbandSchedule.Create(maxEpochs.Value, factor ?? 3, iterations ?? 1);

        void Check(string flag, int value, int min, int max)
        {
            if (value < min || value > max) problems.Add($"{flag}: must be an integer from {min} to {max} (got {value})");
        }
    }
}
