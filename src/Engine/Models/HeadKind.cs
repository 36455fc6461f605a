namespace Tuner.Engine.Models;

/// <summary>The model's head and the loss that goes with it.</summary>
public enum HeadKind
{
    /// <summary>Dense(1), identity, mean squared error: regression (forecasts).</summary>
    Linear,

    /// <summary>Dense(1), sigmoid, binary cross-entropy: two classes, labels 0 and 1.</summary>
    Sigmoid,

    /// <summary>Dense(K), softmax, cross-entropy: K classes, labels 0..K−1.</summary>
    Softmax,
}
