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
// (`-- fleet` runs the fleet benchmark of random search, Hyperband and ASHA instead: FleetBench.)
// It first times tuner simulate's core on ~10,000-epoch searches (JSON lines {"simulate", "epochs", "seconds"}).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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
    foreach (var algorithm in (AlgorithmSpec[])[
                 new RandomSearchSpec(334, 1, 30), new HyperbandSpec(30, 3, rounds), new AshaSpec(30, 1, 3, 3000),
                 new TpeSpec(334, Epochs: 30), new BohbSpec(30, 3, rounds), new BayesianSpec(334, Epochs: 30)])
    {
        var spec = job with { Algorithm = algorithm };
        var times = new List<double>();
        var cpuTimes = new List<double>(); // the process's CPU time (the simulation is one thread): what a busy shared machine inflates least
        IReadOnlyList<SimulatedRun> runs = [];
        for (var i = 0; i < 6; i++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var curves = RecordedCurves.Parse(curvesText, curvesPath, spec.SearchSpace, spec.Objective, spec.Algorithm.MaxEpochsPerTrial);
            runs = CurveSimulation.Run(spec, curves, 1, 1);
            if (i == 0) continue; // the first run warms up the JIT
            times.Add(watch.Elapsed.TotalSeconds);
            cpuTimes.Add(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpu);
        }
        times.Sort();
        cpuTimes.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new { simulate = algorithm.Type, epochs = runs[0].Epochs, seconds = Math.Round(times[times.Count / 2], 3), cpuSeconds = Math.Round(cpuTimes[cpuTimes.Count / 2], 3) }, json));
    }
}

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
        var fractions = new Dictionary<string, List<double>> { ["bohb"] = [], ["tpe"] = [], ["bayesian"] = [] };
        var watch = Stopwatch.StartNew();
        var lines = new string[seeds];
        // Seeds are independent: two at a time (the machine has two cores).
        Parallel.For(1, seeds + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            SearchTrace Trace(AlgorithmSpec spec) =>
                SearchTrace.Of(FleetSimulator.Run(SearchAlgorithms.Create(new SearchContext(problem.Space, seed, ObjectiveKind.ValLoss), spec), problem, workers), problem);
            var hyperband = Trace(new HyperbandSpec(problem.MaxEpochs, 3, iterations));
            var bohb = Trace(new BohbSpec(problem.MaxEpochs, 3, iterations));
            var random = Trace(new RandomSearchSpec(trials, 1, problem.MaxEpochs));
            var tpe = Trace(new TpeSpec(trials, Epochs: problem.MaxEpochs));
            var bayesian = Trace(new BayesianSpec(trials, Epochs: problem.MaxEpochs));
            var bohbFraction = bohb.Reaching(hyperband.Final) is { } b ? b.Epochs / (double)hyperband.Epochs : double.PositiveInfinity;
            var tpeFraction = tpe.Reaching(random.Final) is { } t ? t.Trials / (double)random.Trials : double.PositiveInfinity;
            var bayesianFraction = bayesian.Reaching(random.Final) is { } g ? g.Trials / (double)random.Trials : double.PositiveInfinity;
            lock (fractions)
            {
                fractions["bohb"].Add(bohbFraction);
                fractions["tpe"].Add(tpeFraction);
                fractions["bayesian"].Add(bayesianFraction);
            }
            lines[seed - 1] = JsonSerializer.Serialize(new
            {
                problem = problem.Name,
                workers,
                seed,
                hyperband = Round(hyperband.Final),
                hyperbandEpochs = hyperband.Epochs,
                bohb = Round(bohb.Final),
                bohbFraction = Finite(bohbFraction),
                random = Round(random.Final),
                randomTrials = random.Trials,
                tpe = Round(tpe.Final),
                tpeFraction = Finite(tpeFraction),
                bayesian = Round(bayesian.Final),
                bayesianFraction = Finite(bayesianFraction),
            }, json);
        });
        foreach (var line in lines) Console.WriteLine(line);
        foreach (var (algorithm, values) in fractions)
        {
            var sorted = values.Order().ToList();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                summary = algorithm,
                against = algorithm == "bohb" ? "hyperband (epochs)" : "random (trials)",
                problem = problem.Name,
                workers,
                seeds,
                median = Finite((sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2),
                reached = sorted.Count(double.IsFinite),
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            }, json));
        }
    }
}

static double Round(double value) => Math.Round(value, 5);

static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

string Flag(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// The repository root: the folder above this binary that has Tuner.sln.
static string Root()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Tuner.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository (Tuner.sln not found above the binary)");
}
