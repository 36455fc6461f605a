namespace Tuner.Coordinator.Search.Simulation;

/// <summary>How a <see cref="FleetSimulator"/> run behaves.</summary>
/// <param name="ReportEpochs">Apply an <see cref="EpochReported"/> event at the virtual end of every epoch (as a real worker would).</param>
/// <param name="FailureRate">Fraction of work items, chosen by a hash of their id, that fail halfway with an error.</param>
/// <param name="Cancellation">Stops the run between two events (<see cref="OperationCanceledException"/>): a large
/// model-based search can take minutes.</param>
/// <param name="WorkFinished">Called with a work item's epochs as the item finishes (a progress display's pulse).</param>
public sealed record SimulationOptions(bool ReportEpochs = false, double FailureRate = 0, CancellationToken Cancellation = default,
    Action<int>? WorkFinished = null);
