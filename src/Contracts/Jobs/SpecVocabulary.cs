namespace Tuner.Contracts.Jobs;

/// <summary>What a job learns (PRODUCT.md §6): <c>forecast</c> (default), <c>classify</c> or <c>generate</c>.</summary>
public enum TaskKind { Forecast, Classify, Generate }

/// <summary>Where the data comes from: <c>sine</c>, <c>weather</c> (synthetic), <c>csv</c> (a table) or <c>text</c> (plain text).</summary>
public enum DataKind { Sine, Weather, Csv, Text }

/// <summary>The recurrent cell: <c>lstm</c> or <c>gru</c>.</summary>
public enum CellKind { Lstm, Gru }

/// <summary>The recurrent layers' activation, as Keras' <c>activation</c>: <c>tanh</c> or <c>relu</c>.</summary>
public enum ActivationKind { Tanh, Relu }

/// <summary>The optimizer: <c>adam</c>, <c>rmsprop</c> or <c>sgd</c>.</summary>
public enum OptimizerKind { Adam, Rmsprop, Sgd }

/// <summary>Input scaling: <c>standard</c> (z-score with training-part statistics) or <c>none</c>.</summary>
public enum Normalization { Standard, None }

/// <summary>The metric a search optimizes: <c>val_loss</c> or <c>loss</c> (minimized), <c>val_accuracy</c> or
/// <c>accuracy</c> (maximized; classify and generate). Which way each goes: <see cref="ObjectiveDirection"/>.</summary>
public enum ObjectiveKind { ValLoss, Loss, ValAccuracy, Accuracy }

/// <summary>The search algorithm (<c>algorithm.type</c>): <c>hyperband</c>, <c>random</c>, <c>asha</c>, <c>bayesian</c>,
/// <c>tpe</c>, <c>bohb</c> or <c>grid</c>.</summary>
public enum AlgorithmKind { Hyperband, Random, Asha, Bayesian, Tpe, Bohb, Grid }

/// <summary>The words of the job spec for each enumeration, in both directions.</summary>
public static class SpecWords
{
    public static readonly IReadOnlyList<string> Tasks = ["forecast", "classify", "generate"];
    public static readonly IReadOnlyList<string> DataKinds = ["sine", "weather", "csv", "text"];
    public static readonly IReadOnlyList<string> Cells = ["lstm", "gru"];
    public static readonly IReadOnlyList<string> Activations = ["tanh", "relu"];
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "rmsprop", "sgd"];
    public static readonly IReadOnlyList<string> Normalizations = ["standard", "none"];
    public static readonly IReadOnlyList<string> Objectives = ["val_loss", "loss", "val_accuracy", "accuracy"];
    public static readonly IReadOnlyList<string> Algorithms = ["hyperband", "random", "asha", "bayesian", "tpe", "bohb", "grid"];
    public static readonly IReadOnlyList<string> Samplings = ["linear", "log"];

    public static string Word(this TaskKind value) => Tasks[(int)value];
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

    /// <summary>The objective a word names (results.json's <c>objective</c>).</summary>
    public static ObjectiveKind ObjectiveOf(string word) => (ObjectiveKind)IndexOf(Objectives, word);

    private static int IndexOf(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
            if (words[i] == word) return i;
        throw new ArgumentOutOfRangeException(nameof(word), word, $"not one of {string.Join(", ", words)}");
    }
}
