using System.Text.Json;
using Tuner.Contracts.Jobs;
using Tuner.Coordinator.Search;
using Tuner.Coordinator.Search.Simulation;

namespace Tuner.Coordinator.Tests.Search;

/// <summary>The recovery contract: a fresh algorithm fed the journal (the applied events, in order) makes the
/// same decisions and ends in the same state.</summary>
public sealed class ReplayTests
{
    public static TheoryData<string> Algorithms => ["hyperband", "random", "asha", "bayesian", "tpe", "bohb", "grid"];

    private static ISearchAlgorithm Create(string type) => SearchAlgorithms.Create(TestSpaces.Context(space: type == "grid" ? TestSpaces.Gridded : null), type switch
    {
        "hyperband" => new HyperbandSpec(27, 3, 2),
        "random" => new RandomSearchSpec(25, 2, 6),
        "asha" => new AshaSpec(27, 1, 3, 80),
        // Few initial points and startup trials, so most configurations come from the models.
        "bayesian" => new BayesianSpec(MaxTrials: 30, NumInitialPoints: 5, ExecutionsPerTrial: 2, Epochs: 6),
        "tpe" => new TpeSpec(MaxTrials: 40, StartupTrials: 5, ExecutionsPerTrial: 2, Epochs: 6),
        "bohb" => new BohbSpec(27, 3, 2),
        "grid" => new GridSpec(ExecutionsPerTrial: 1, Epochs: 4),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown"),
    });

    private static SimulationResult Simulate(ISearchAlgorithm algorithm) =>
        FleetSimulator.Run(algorithm, new SyntheticLearningCurve(divergence: true), 5, new SimulationOptions(ReportEpochs: true, FailureRate: 0.05));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Replaying_the_events_gives_identical_decisions_and_state(string type)
    {
        var original = Create(type);
        var result = Simulate(original);
        Assert.Contains(result.Events, e => e is EpochReported);
        Assert.Contains(result.Events, e => e is WorkFinished { Outcome.Kind: WorkOutcomeKind.Failed });

        var replica = Create(type);
        foreach (var e in result.Events)
        {
            // At every point where the original dispatched work, the replica proposes exactly that work.
            if (e is WorkStarted started) Assert.Equal(new SearchDecision.Run(started.Item), replica.Decide());
            replica.Apply(e);
        }
        Assert.Equal(original.Book.Trials(), replica.Book.Trials());
        Assert.Equal(original.Book.EpochsTrained, replica.Book.EpochsTrained);
        Assert.Equal(original.Book.Best(), replica.Book.Best());
        Assert.Equal(original.Decide(), replica.Decide());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Recovery_midway_continues_exactly_as_an_uninterrupted_run(string type)
    {
        var uninterrupted = Simulate(Create(type)).Events;
        // Crash after a third of the journal: a fresh instance replays the prefix and must propose the same next work.
        var prefix = uninterrupted.Take(uninterrupted.Count / 3).ToList();
        var recovered = Create(type);
        foreach (var e in prefix) recovered.Apply(e);
        var nextStart = uninterrupted.Skip(prefix.Count).OfType<WorkStarted>().First();
        var finishesBetween = uninterrupted.Skip(prefix.Count).TakeWhile(e => e is not WorkStarted).ToList();
        foreach (var e in finishesBetween) recovered.Apply(e);
        Assert.Equal(new SearchDecision.Run(nextStart.Item), recovered.Decide());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Events_round_trip_through_System_Text_Json_and_replay_to_the_same_state(string type)
    {
        var original = Create(type);
        var events = Simulate(original).Events;
        var json = events.Select(e => JsonSerializer.Serialize(e)).ToList();
        var restored = json.Select(text => JsonSerializer.Deserialize<SearchEvent>(text)!).ToList();
        Assert.Equal(events, restored);

        var replica = Create(type);
        foreach (var e in restored) replica.Apply(e);
        Assert.Equal(original.Book.Trials(), replica.Book.Trials());
    }

    [Fact]
    public void A_diverged_epoch_serializes_its_NaN()
    {
        var e = new EpochReported("t-0001.r0.x0", new(3, double.NaN, double.PositiveInfinity));
        var json = JsonSerializer.Serialize<SearchEvent>(e);
        Assert.Contains("\"NaN\"", json);
        Assert.Equal(e, JsonSerializer.Deserialize<SearchEvent>(json));
    }

    [Fact]
    public void Events_that_contradict_the_state_are_refused()
    {
        var algorithm = Create("random");
        var item = algorithm.NextItem();
        Assert.Throws<InvalidOperationException>(() => algorithm.Apply(new WorkStarted(item)));
        Assert.Throws<InvalidOperationException>(() => algorithm.Finish("t-9999.r0.x0", WorkOutcome.Completed([])));
        algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 1));
        Assert.Throws<InvalidOperationException>(() => algorithm.Finish(item.WorkId, TestSpaces.Completed(item, _ => 1)));
        var other = item with { WorkId = "t-0001.r0.x9", Hyperparameters = item.Hyperparameters.With("units", Tuner.Contracts.Search.HyperparameterValue.Int(1)) };
        Assert.Throws<InvalidOperationException>(() => algorithm.Apply(new WorkStarted(other)));
    }
}
