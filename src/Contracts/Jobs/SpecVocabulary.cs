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

/// <summary>The search algorithm (<c>algorithm.type</c>): <c>hyperband</c>, <c>random</c>, <c>asha</c>, <c>bayesian</c>,
/// <c>tpe</c>, <c>bohb</c> or <c>grid</c>.</summary>
public enum AlgorithmKind { Hyperband, Random, Asha, Bayesian, Tpe, Bohb, Grid }

/// <summary>The words of the job spec for each enumeration, in both directions.</summary>
public static class SpecWords
{
    public static readonly IReadOnlyList<string> DataKinds = ["sine", "weather", "csv"];
    public static readonly IReadOnlyList<string> Cells = ["lstm", "gru"];
    public static readonly IReadOnlyList<string> Activations = ["tanh", "relu"];
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "rmsprop", "sgd"];
    public static readonly IReadOnlyList<string> Normalizations = ["standard", "none"];
    public static readonly IReadOnlyList<string> Objectives = ["val_loss", "loss"];
    public static readonly IReadOnlyList<string> Algorithms = ["hyperband", "random", "asha", "bayesian", "tpe", "bohb", "grid"];
    public static readonly IReadOnlyList<string> Samplings = ["linear", "log"];

    public static string Word(this DataKind value) => DataKinds[(int)value];
    public static string Word(this CellKind value) => Cells[(int)value];
    public static string Word(this ActivationKind value) => Activations[(int)value];
    public static string Word(this OptimizerKind value) => Optimizers[(int)value];
    public static string Word(this Normalization value) => Normalizations[(int)value];
    public static string Word(this ObjectiveKind value) => Objectives[(int)value];
    public static string Word(this AlgorithmKind value) => Algorithms[(int)value];
    public static string Word(this Search.Sampling value) => Samplings[(int)value];

    /// <summary>The cell a word names (a <c>cell</c> hyperparameter's value, checked against <see cref="Cells"/>).</summary>
    public static CellKind CellOf(string word) => (CellKind)IndexOf(Cells, word);

    /// <summary>The optimizer a word names (an <c>optimizer</c> hyperparameter's value).</summary>
    public static OptimizerKind OptimizerOf(string word) => (OptimizerKind)IndexOf(Optimizers, word);

    private static int IndexOf(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
            if (words[i] == word) return i;
        throw new ArgumentOutOfRangeException(nameof(word), word, $"not one of {string.Join(", ", words)}");
    }
}
