namespace Tuner.Engine.Data;

/// <summary>How inputs and targets are scaled before training (the job spec's <c>normalize</c>).</summary>
public enum Normalization
{
    /// <summary>Standardize each column to mean 0, std 1 using statistics of the training part only (the default).</summary>
    Standard = 0,

    /// <summary>Use the values as they are (<c>"normalize": "none"</c>).</summary>
    None = 1,
}
