// The fleet benchmark of random search, Hyperband and ASHA on the synthetic learning curve: comparable epoch budgets on
// 1, 4, 16 and 64 simulated workers with a virtual clock, then an anytime comparison against random search. Prints JSON
// lines; docs/benchmarks.md records the table and how to read it.
//
//   dotnet run -c Release --project bench/Search.Bench -- fleet [--seeds 10 --scale 4]
using System.Globalization;
using System.Text.Json;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Search.Bench;

internal static class FleetBench
{
    public static void Run(string[] args)
    {

        var seeds = Flag("--seeds", 10);
        var scale = Flag("--scale", 4);

        // The PRODUCT.md §1 example search space, and a learning curve whose early epochs rank configurations
        // well but not perfectly (small learning rates start slowly); see SyntheticLearningCurve.
        var space = new SearchSpace([
            new IntParameter("units", 32, 512, 32),
            new FloatParameter("dropout", 0.0, 0.5, 0.1),
            new FloatParameter("learning_rate", 1e-4, 1e-2, null, Sampling.Log),
        ]);
        var problem = new SyntheticLearningCurve();
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        // Budgets of about k × 15,800 epochs each; no trial trains more than 81 epochs.
        (string Name, AlgorithmSpec Spec)[] Algorithms(int k) =>
        [
            ("random", new RandomSearchSpec(MaxTrials: 195 * k, ExecutionsPerTrial: 1, Epochs: 81)),
            ("hyperband", new HyperbandSpec(MaxEpochs: 81, Factor: 3, Iterations: 10 * k)),
            ("asha", new AshaSpec(MaxEpochs: 81, MinEpochs: 1, Factor: 3, MaxTrials: 4000 * k)),
        ];

        SimulationResult Simulate(AlgorithmSpec spec, long seed, int workers, out ISearchAlgorithm algorithm)
        {
            algorithm = SearchAlgorithms.Create(new SearchContext(space, seed, ObjectiveKind.ValLoss), spec);
            return FleetSimulator.Run(algorithm, problem, workers);
        }

        // 1. Fleet table (seed 1, budget ≈ scale × 15,800 epochs): utilization, virtual wall-clock, epochs, best objective,
        //    and the noiseless val_loss of the best configuration ("bestTrue": what the search really found).
        foreach (var (name, spec) in Algorithms(scale))
        {
            foreach (var workers in (int[])[1, 4, 16, 64])
            {
                var result = Simulate(spec, 1, workers, out var algorithm);
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    algorithm = name,
                    workers,
                    budget = algorithm.PlannedEpochs,
                    utilization = Math.Round(result.Utilization, 4),
                    wallClock = Math.Round(result.Makespan, 1),
                    epochs = result.EpochsTrained,
                    trials = algorithm.Book.Count,
                    best = Math.Round(result.Best!.Objective!.Value, 5),
                    bestTrue = Math.Round(problem.BestValLoss(result.Best.Hyperparameters), 5),
                }, json));
            }
        }

        // 2. Anytime comparison (one worker, so epochs-so-far is exact; budget ≈ 15,800 epochs: random search tries 195
        //    configurations for 81 epochs each). For each seed: the epochs Hyperband and ASHA need until their best trial
        //    (a) has an objective at least as good as random search's final best — the strict test, at the mercy of
        //    noise — and (b) is a configuration truly as good (noiseless val_loss).
        var fractions = new Dictionary<string, List<double>> { ["hyperband"] = [], ["hyperbandTrue"] = [], ["asha"] = [], ["ashaTrue"] = [] };
        for (var seed = 1; seed <= seeds; seed++)
        {
            var results = Algorithms(1).ToDictionary(a => a.Name, a => (Result: Simulate(a.Spec, seed, 1, out var algorithm), Algorithm: algorithm));
            var random = results["random"].Result;
            var randomBest = random.Best!.Objective!.Value;
            var randomTrue = problem.BestValLoss(random.Best.Hyperparameters);
            var line = new Dictionary<string, object?>
            {
                ["comparison"] = "epochs to reach random search's best, as a fraction of random search's epochs",
                ["seed"] = seed,
                ["randomEpochs"] = random.EpochsTrained,
                ["randomBest"] = Math.Round(randomBest, 5),
                ["randomBestTrue"] = Math.Round(randomTrue, 5),
            };
            foreach (var name in (string[])["hyperband", "asha"])
            {
                var (result, algorithm) = results[name];
                var byObjective = Fraction(result.EpochsToReach(randomBest), random.EpochsTrained);
                var byTruth = Fraction(result.EpochsUntil(id => problem.BestValLoss(algorithm.Book.Trial(id).Hyperparameters) <= randomTrue), random.EpochsTrained);
                fractions[name].Add(byObjective ?? double.PositiveInfinity);
                fractions[name + "True"].Add(byTruth ?? double.PositiveInfinity);
                line[name + "Best"] = Math.Round(result.Best!.Objective!.Value, 5);
                line[name + "BestTrue"] = Math.Round(problem.BestValLoss(result.Best.Hyperparameters), 5);
                line[name + "Fraction"] = byObjective;
                line[name + "FractionTrue"] = byTruth;
            }
            Console.WriteLine(JsonSerializer.Serialize(line, json));
        }
        foreach (var (key, values) in fractions)
        {
            var sorted = values.Order().ToList();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                summary = key,
                seeds,
                median = double.IsInfinity(sorted[sorted.Count / 2]) ? (double?)null : Math.Round((sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2, 4),
                withinOneThird = sorted.Count(f => f <= 1.0 / 3),
                never = sorted.Count(double.IsInfinity),
            }, json));
        }

        static double? Fraction(long? part, long whole) => part is { } p ? Math.Round(p / (double)whole, 4) : null;

        int Flag(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

    }
}
