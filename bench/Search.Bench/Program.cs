// Model-based search, simulated (issue 17): on three problems — the multi-fidelity Hartmann-6 function, Counting Ones,
// and real learning curves recorded on Seattle's weather — over many seeds with 1, 8 and 64 simulated workers:
//   (1) BOHB against Hyperband: the epochs BOHB needs until its incumbent is as good as Hyperband's final one, as a
//       fraction of Hyperband's epochs (same schedule, same budget);
//   (2) TPE and the Gaussian process (bayesian) against random search: the trials each needs until its incumbent is as
//       good as random search's final one, as a fraction of random search's trials.
// "As good" compares true (noiseless, full-budget) values of the incumbents (see SearchTrace). Prints JSON lines, one per
// problem × workers × seed, then one summary per problem × workers × comparison (median over seeds); docs/benchmarks.md
// has the table.
//
//   dotnet run -c Release --project bench/Search.Bench [-- --seeds 20 --workers 1,8,64 --problems hartmann6,counting-ones,seattle --no-speed]
//     [--trials 150 --iterations 4]      the fixed budget (the default), the same for every W
//     [--trials-per-worker K]            the fleet-scaled budget: at least K full-budget trainings per worker (BudgetFor)
//     [--algorithms bohb,tpe,bayesian]   which comparisons to run (the GP is cubic in trials: slow at large budgets)
//     [--tolerance 0]                    a diagnostic: "as good" means within this much of the baseline's final
// Each summary also gives the median with one worker on the same budget (median1) and kept = (1 − median)/(1 − median1),
// the share of the 1-worker advantage W workers keep.
// (`-- fleet` runs the fleet benchmark of random search, Hyperband and ASHA instead: FleetBench.)
// It first times tuner simulate's core on ~10,000-epoch searches (JSON lines {"simulate", "epochs", "seconds"}), in this
// process after a warm-up, then `tuner simulate` itself in a fresh process ({"simulateProcess", "seconds"}: what a user waits).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tuner.Bench;
using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Hyperband;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Search.Bench;
using Tuner.Search.Bench.Problems;

if (args.Length > 0 && args[0] == "fleet")
{
    FleetBench.Run(args[1..]);
    return;
}

var seeds = int.Parse(Flag("--seeds", "20"), CultureInfo.InvariantCulture);
var workerCounts = Flag("--workers", "1,8,64").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
var names = Flag("--problems", "hartmann6,counting-ones,seattle").Split(',', StringSplitOptions.RemoveEmptyEntries); // "" for the speed part only
var trials = int.Parse(Flag("--trials", "150"), CultureInfo.InvariantCulture);       // random search's (and TPE's, the GP's) maxTrials
var iterations = int.Parse(Flag("--iterations", "4"), CultureInfo.InvariantCulture); // Hyperband's (and BOHB's)
var trialsPerWorker = int.Parse(Flag("--trials-per-worker", "0"), CultureInfo.InvariantCulture); // 0: the fixed budget above
// A diagnostic, not the target: "as good" within this much of the baseline's final true value (0 = the target's test).
var tolerance = double.Parse(Flag("--tolerance", "0"), CultureInfo.InvariantCulture);
var algorithms = Flag("--algorithms", "bohb,tpe,bayesian").Split(',', StringSplitOptions.RemoveEmptyEntries);
foreach (var a in algorithms)
    if (a is not ("bohb" or "tpe" or "bayesian")) throw new ArgumentException($"--algorithms: unknown algorithm {a} (bohb, tpe, bayesian)");
var root = Root();
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

// tuner simulate's speed (PRODUCT.md §8: a 10,000-epoch search in under a second): CurveSimulation on the Seattle recording,
// one worker, each algorithm with a budget of about 10,000 epochs; the median of 5 timed runs after a warm-up.
if (!args.Contains("--no-speed"))
{
    var job = JobSpecParser.Parse(File.ReadAllText(Path.Combine(root, "examples", "seattle-random.json")));
    var curvesPath = Path.Combine(root, "bench", "Search.Bench", "Recorded", "seattle-random.results.json");
    var curvesText = File.ReadAllText(curvesPath);
    var perIteration = HyperbandSchedule.Create(30, 3).TotalEpochs;
    var rounds = (int)Math.Ceiling(10_000.0 / perIteration);
    AlgorithmSpec[] speedAlgorithms = [
        new RandomSearchSpec(334, 1, 30), new HyperbandSpec(30, 3, rounds), new AshaSpec(30, 1, 3, 3000),
        new TpeSpec(334, Epochs: 30), new BohbSpec(30, 3, rounds), new BayesianSpec(334, Epochs: 30)];
    foreach (var algorithm in speedAlgorithms)
    {
        var spec = job with { Algorithm = algorithm };
        var times = new List<double>();
        var cpuTimes = new List<double>(); // the process's CPU time (all threads: the GP proposes on every core)
        IReadOnlyList<SimulatedRun> runs = [];
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var curves = RecordedCurves.Parse(curvesText, curvesPath, spec.Task, spec.SearchSpace, spec.Objective, spec.Algorithm.MaxEpochsPerTrial);
            runs = CurveSimulation.Run(spec, curves, 1, 1);
            if (i == 0) continue; // the first run warms up the JIT
            times.Add(watch.Elapsed.TotalSeconds);
            cpuTimes.Add(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu);
        }
        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new { simulate = algorithm.Type, epochs = runs[0].Epochs, seconds = Math.Round(times[times.Count / 2], 3), cpuSeconds = Math.Round(cpuTimes[cpuTimes.Count / 2], 3) }, json));
    }
    // The same searches as a user runs them: `tuner simulate` in a fresh process each time (startup, JIT, reading the
    // recording and the search), the median of 3. Needs the CLI built (`dotnet build Tuner.sln -c Release`).
    string? cli = null;
    try { cli = TunerNodes.TunerDll(); }
    catch (FileNotFoundException e) { Console.Error.WriteLine($"({e.Message}: Tuner.sln in Release, to time tuner simulate as a process too)"); }
    if (cli is not null)
    {
        var csv = Path.Combine(root, "examples", ((CsvDataSpec)job.Data).Path!);
        var specPath = Path.Combine(Path.GetTempPath(), $"search-bench-{Environment.ProcessId}.json");
        try
        {
            foreach (var algorithm in speedAlgorithms)
            {
                File.WriteAllText(specPath, JobSpecWriter.ToJson(job with { Algorithm = algorithm, Data = (CsvDataSpec)job.Data with { Path = csv } }));
                var runs = new List<(double Seconds, double CpuSeconds)>();
                for (var i = 0; i < 3; i++) runs.Add(TimeProcess("dotnet", [cli, "simulate", specPath, "--curves", curvesPath]));
                var seconds = runs.Select(r => r.Seconds).Order().ToList();
                var cpu = runs.Select(r => r.CpuSeconds).Order().ToList();
                Console.WriteLine(JsonSerializer.Serialize(new { simulateProcess = algorithm.Type, seconds = Math.Round(seconds[1], 3), cpuSeconds = Math.Round(cpu[1], 3) }, json));
            }
        }
        finally { File.Delete(specPath); }
    }
}

// The budget a search with W workers gets. Fixed mode (--trials-per-worker 0): --trials trials, --iterations iterations,
// whatever W. Fleet-scaled mode (--trials-per-worker K): at least K full-budget trainings' worth of epochs per worker,
// so the first W proposals, made before any result exists, are at most 1/K of the budget: max(--trials, K·W) trials for
// random search, TPE and the GP; for Hyperband and BOHB the fewest iterations (at least --iterations) whose epochs
// reach K·W·R.
Budget BudgetFor(IBenchProblem problem, int workers)
{
    if (trialsPerWorker <= 0) return new Budget(trials, iterations);
    var perIteration = HyperbandSchedule.Create(problem.MaxEpochs, 3).TotalEpochs;
    var fullTrainings = (long)trialsPerWorker * workers;
    return new Budget(
        (int)Math.Max(trials, fullTrainings),
        (int)Math.Max(iterations, (fullTrainings * problem.MaxEpochs + perIteration - 1) / perIteration));
}

// One seed's comparisons with W workers and a budget: per algorithm, (its fraction, its final, the baseline's final).
// Memoized: the 1-worker reference of the fleet-scaled mode is the same run for every W whose budget it shares.
var memo = new System.Collections.Concurrent.ConcurrentDictionary<(string Problem, int Seed, int Workers, Budget Budget), Dictionary<string, Comparison>>();
Dictionary<string, Comparison> Compare(IBenchProblem problem, int seed, int workers, Budget budget) => memo.GetOrAdd((problem.Name, seed, workers, budget), _ =>
{
    SearchTrace Trace(AlgorithmSpec spec) =>
        SearchTrace.Of(FleetSimulator.Run(SearchAlgorithms.Create(new SearchContext(problem.Space, seed, ObjectiveKind.ValLoss), spec), problem, workers), problem);
    var comparisons = new Dictionary<string, Comparison>();
    if (algorithms.Contains("bohb"))
    {
        var hyperband = Trace(new HyperbandSpec(problem.MaxEpochs, 3, budget.Iterations));
        var bohb = Trace(new BohbSpec(problem.MaxEpochs, 3, budget.Iterations));
        comparisons["bohb"] = new Comparison(bohb.Reaching(hyperband.Final + tolerance) is { } b ? b.Epochs / (double)hyperband.Epochs : double.PositiveInfinity, bohb.Final, hyperband.Final, hyperband.Epochs);
    }
    if (algorithms.Contains("tpe") || algorithms.Contains("bayesian"))
    {
        var random = Trace(new RandomSearchSpec(budget.Trials, 1, problem.MaxEpochs));
        foreach (var (name, spec) in (ValueTuple<string, AlgorithmSpec>[])[("tpe", new TpeSpec(budget.Trials, Epochs: problem.MaxEpochs)), ("bayesian", new BayesianSpec(budget.Trials, Epochs: problem.MaxEpochs))])
        {
            if (!algorithms.Contains(name)) continue;
            var trace = Trace(spec);
            comparisons[name] = new Comparison(trace.Reaching(random.Final + tolerance) is { } t ? t.Trials / (double)random.Trials : double.PositiveInfinity, trace.Final, random.Final, random.Trials);
        }
    }
    return comparisons;
});

foreach (var name in names)
{
    IBenchProblem problem = name switch
    {
        "hartmann6" => new MultiFidelityHartmann6(),
        "counting-ones" => new CountingOnes(),
        "seattle" => new SeattleRecorded(root),
        _ => throw new ArgumentException($"--problems: unknown problem {name} (hartmann6, counting-ones, seattle)"),
    };
    foreach (var workers in workerCounts)
    {
        var budget = BudgetFor(problem, workers);
        var fractions = algorithms.ToDictionary(a => a, _ => new double[seeds]);
        var references = algorithms.ToDictionary(a => a, _ => new double[seeds]);
        var watch = Stopwatch.StartNew();
        var lines = new string[seeds];
        // Seeds are independent: two at a time (the machine has two cores).
        Parallel.For(1, seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var own = Compare(problem, seed, workers, budget);
            // "Advantage kept" compares with one worker on the same budget.
            var reference = Compare(problem, seed, 1, budget);
            var line = new Dictionary<string, object?> { ["problem"] = problem.Name, ["workers"] = workers, ["seed"] = seed, ["trials"] = budget.Trials, ["iterations"] = budget.Iterations };
            foreach (var algorithm in algorithms)
            {
                var c = own[algorithm];
                fractions[algorithm][seed - 1] = c.Fraction;
                references[algorithm][seed - 1] = reference[algorithm].Fraction;
                line[algorithm] = Round(c.Final);
                line[algorithm + "Fraction"] = Finite(c.Fraction);
                line[algorithm + "Baseline"] = Round(c.BaselineFinal);
                line[algorithm + "BaselineWork"] = c.BaselineWork;
                line[algorithm + "Fraction1"] = Finite(reference[algorithm].Fraction);
            }
            lines[seed - 1] = JsonSerializer.Serialize(line, json);
        });
        foreach (var line in lines) Console.WriteLine(line);
        foreach (var algorithm in algorithms)
        {
            var median = Median(fractions[algorithm]);
            var referenceMedian = Median(references[algorithm]);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                summary = algorithm,
                against = algorithm == "bohb" ? "hyperband (epochs)" : "random (trials)",
                problem = problem.Name,
                workers,
                seeds,
                trials = budget.Trials,
                iterations = budget.Iterations,
                median = Finite(median),
                reached = fractions[algorithm].Count(double.IsFinite),
                // One worker, same budget: the advantage (1 − fraction) it has, and the share of it W workers keep.
                median1 = Finite(referenceMedian),
                kept = double.IsFinite(median) && double.IsFinite(referenceMedian) && referenceMedian < 1 ? Math.Round((1 - median) / (1 - referenceMedian), 3) : (double?)null,
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            }, json));
        }
    }
}

static double Median(double[] values)
{
    var sorted = values.Order().ToList();
    return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
}

static double Round(double value) => Math.Round(value, 5);

static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

string Flag(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// The repository root: the folder above this binary that has Tuner.sln.
// A child process's wall-clock seconds and CPU seconds (all its threads); its output is discarded, a failure throws.
static (double Seconds, double CpuSeconds) TimeProcess(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    var cpu = ChildCpuTime.Seconds();
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    var seconds = watch.Elapsed.TotalSeconds;
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {errors.Result}");
    _ = output.Result;
    return (seconds, ChildCpuTime.Seconds() - cpu);
}

static string Root()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository (Tuner.sln not found above the binary)");
}

/// <summary>What a search may spend: trials for random search, TPE and the GP; iterations for Hyperband and BOHB.</summary>
internal readonly record struct Budget(int Trials, int Iterations);

/// <summary>One seed's comparison: the fraction of the baseline's work the algorithm needed to reach the baseline's final
/// (∞ if never), the algorithm's and the baseline's final true values, and the baseline's work (epochs or trials).</summary>
internal readonly record struct Comparison(double Fraction, double Final, double BaselineFinal, long BaselineWork);
