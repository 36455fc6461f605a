namespace Tuner.Contracts.Jobs;

/// <summary>Where the series comes from: <c>sine</c>, <c>weather</c> (synthetic) or <c>csv</c>.</summary>
public enum DataKind { Sine, Weather, Csv }

/// <summary>The recurrent cell: <c>lstm</c> or <c>gru</c>.</summary>
public enum CellKind { Lstm, Gru }

/// <summary>The recurrent layers' activation, as Keras' <c>activation</c>: <c>tanh</c> or <c>relu</c>.</summary>
public enum ActivationKind { Tanh, Relu }

/// <summary>The optimizer: <c>adam</c>, <c>rmsprop</c> or <c>sgd</c>.</summary>
public enum OptimizerKind { Adam, Rmsprop, Sgd }

/// <summary>Input scaling: <c>standard</c> (z-score with training-part statistics) or <c>none</c>.</summary>
public enum Normalization { Standard, None }

/// <summary>The metric a search minimizes: <c>val_loss</c> or <c>loss</c>.</summary>
public enum ObjectiveKind { ValLoss, Loss }

/// <summary>The words of the job spec for each enumeration, in both directions.</summary>
public static class SpecWords
{
    public static readonly IReadOnlyList<string> DataKinds = ["sine", "weather", "csv"];
    public static readonly IReadOnlyList<string> Cells = ["lstm", "gru"];
    public static readonly IReadOnlyList<string> Activations = ["tanh", "relu"];
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "rmsprop", "sgd"];
    public static readonly IReadOnlyList<string> Normalizations = ["standard", "none"];
    public static readonly IReadOnlyList<string> Objectives = ["val_loss", "loss"];
    public static readonly IReadOnlyList<string> Algorithms = ["hyperband", "random", "asha"];
    public static readonly IReadOnlyList<string> Samplings = ["linear", "log"];

    public static string Word(this DataKind value) => DataKinds[(int)value];
    public static string Word(this CellKind value) => Cells[(int)value];
    public static string Word(this ActivationKind value) => Activations[(int)value];
    public static string Word(this OptimizerKind value) => Optimizers[(int)value];
    public static string Word(this Normalization value) => Normalizations[(int)value];
    public static string Word(this ObjectiveKind value) => Objectives[(int)value];
    public static string Word(this Search.Sampling value) => Samplings[(int)value];
}
