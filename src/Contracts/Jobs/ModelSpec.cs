namespace Tuner.Contracts.Jobs;

/// <summary>The job's <c>model</c>: recurrent layer(s) → Dropout → Dense(1). Defaults: lstm, 1 layer, tanh.</summary>
public sealed record ModelSpec(CellKind Cell = CellKind.Lstm, int Layers = 1, ActivationKind Activation = ActivationKind.Tanh);
