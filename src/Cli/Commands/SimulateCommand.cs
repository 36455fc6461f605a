using System.CommandLine;
using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;
using Tuner.Contracts;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner simulate JOB.json|- --curves RESULTS.json [--workers W] [--repeats N]</c> (PRODUCT.md §8): runs the
/// job's algorithm against recorded learning curves instead of training and prints one JSON document.</summary>
public static class SimulateCommand
{
    public const int MaxWorkers = 100_000;
    public const int MaxRepeats = 10_000;

    public static Command Create()
    {
        var job = JobSpecSource.Argument("Its algorithm is simulated; its data is not read.");
        var curves = new Option<string>("--curves") { Description = "A results.json with per-epoch histories (tuner run's output): the recorded learning curves.", Required = true }
            .NotEmpty("a results.json with per-epoch histories");
        var workers = new BoundedIntegerOption("--workers", 1, MaxWorkers, "Simulated workers.") { DefaultValueFactory = _ => 1 };
        var repeats = new BoundedIntegerOption("--repeats", 1, MaxRepeats, "Runs, with the seeds seed, seed + 1 and so on.") { DefaultValueFactory = _ => 1 };
        var command = new Command("simulate", "Run a job's search against recorded learning curves (nearest recorded configuration, recorded epoch seconds) without training; prints one JSON document.")
        {
            job, curves, workers, repeats,
        };
        command.SetAction((parse, cancellationToken) => TunerCli.Guard(async () =>
        {
            var (w, n) = (parse.GetValue(workers), parse.GetValue(repeats));
            var spec = (await JobSpecSource.ReadAsync(parse.GetValue(job)!, cancellationToken)).Spec;
            // Run r uses seed + r: past the largest seed it would wrap to negative seeds.
            if (spec.Seed > long.MaxValue - (n - 1))
                throw new InvalidInputException($"--repeats: {n} runs need seeds {spec.Seed} to {spec.Seed} + {n - 1}, past the largest seed ({long.MaxValue}); use a smaller seed or fewer repeats");
            var curvesPath = parse.GetValue(curves)!;
            var recorded = RecordedCurves.Parse(await JobSpecFile.ReadTextAsync(curvesPath, cancellationToken, "--curves", "a results.json with the curves to replay"), curvesPath,
                spec.Task, spec.SearchSpace, spec.Objective, spec.Algorithm.MaxEpochsPerTrial);
            IReadOnlyList<SimulatedRun> runs;
            try
            {
                using var progress = new SimulationProgress(spec.Algorithm.Type, n, CurveSimulation.PlannedEpochs(spec), TerminalProfile.ForStandardError());
                runs = CurveSimulation.Run(spec, recorded, w, n, cancellationToken, progress.RunFinished, progress.EpochsFinished);
            }
            catch (OperationCanceledException)
            {
                // Nothing to resume: a simulation keeps nothing.
                await Console.Error.WriteLineAsync("interrupted: nothing printed; run the command again to simulate");
                return ExitCodes.Interrupted;
            }
            await Console.Out.WriteLineAsync(CurveSimulation.ToJson(spec.Algorithm.Type, w, runs));
            return ExitCodes.Success;
        }));
        return command;
    }
}
