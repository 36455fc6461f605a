using System.Diagnostics;
using System.Globalization;
using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;
using Tuner.Search.Bench;
using Tuner.Search.Bench.Problems;

var problemName = args.Length > 0 ? args[0] : "hartmann6";
IBenchProblem problem = problemName == "hartmann6" ? new MultiFidelityHartmann6() : new CountingOnes();
var trials = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var seeds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
if (args.Length > 4)
{
    var fr = new List<double>();
    for (var seed = 1; seed <= seeds; seed++)
    {
        var w = Stopwatch.StartNew();
        var hb = SearchTrace.Of(FleetSimulator.Run(SearchAlgorithms.Create(new SearchContext(problem.Space, seed, ObjectiveKind.ValLoss), new HyperbandSpec(problem.MaxEpochs, 3, trials)), problem, workers), problem);
        var bo = SearchTrace.Of(FleetSimulator.Run(SearchAlgorithms.Create(new SearchContext(problem.Space, seed, ObjectiveKind.ValLoss), new BohbSpec(problem.MaxEpochs, 3, trials)), problem, workers), problem);
        var reach = bo.Reaching(hb.Final);
        var f = reach is null ? double.PositiveInfinity : reach.Epochs / (double)hb.Epochs;
        fr.Add(f);
        Console.WriteLine($"seed {seed}: hb {hb.Final:F4} epochs {hb.Epochs} bohb {bo.Final:F4} reach {reach?.Epochs} frac {f:F3} ({w.Elapsed.TotalSeconds:F1}s)");
    }
    fr.Sort();
    Console.WriteLine($"median {fr[fr.Count / 2]:F3}");
    return;
}
for (var seed = 1; seed <= seeds; seed++)
{
    var line = $"seed {seed}:";
    foreach (var (name, spec) in new (string, AlgorithmSpec)[]
             {
                 ("random", new RandomSearchSpec(trials, 1, problem.MaxEpochs)),
                 ("bayesian", new BayesianSpec(trials, Epochs: problem.MaxEpochs)),
                 ("tpe", new TpeSpec(trials, Epochs: problem.MaxEpochs)),
             })
    {
        var watch = Stopwatch.StartNew();
        var algorithm = SearchAlgorithms.Create(new SearchContext(problem.Space, seed, ObjectiveKind.ValLoss), spec);
        var trace = SearchTrace.Of(FleetSimulator.Run(algorithm, problem, workers), problem);
        line += $" {name} {trace.Final:F4} ({watch.Elapsed.TotalSeconds:F1}s)";
        var third = trace.Points.FirstOrDefault(p => p.Trials >= trials / 3);
        line += $" @1/3 {third?.Truth:F4};";
    }
    Console.WriteLine(line);
}
