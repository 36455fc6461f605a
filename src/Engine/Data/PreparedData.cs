namespace Tuner.Engine.Data;

/// <summary>What the trainer consumes: the training and validation samples, already scaled, and the scaler to undo it.</summary>
public sealed class PreparedData
{
    /// <summary>Pairs datasets cut with the same window, horizon and features; <see cref="DatasetBuilder.Build"/> is the usual way in.</summary>
    public PreparedData(WindowedDataset train, WindowedDataset? validation, Standardizer? scaler)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (validation is not null
            && (validation.Window, validation.Horizon, validation.Features) != (train.Window, train.Horizon, train.Features))
        {
            throw new ArgumentException(
                $"validation samples are [{validation.Window}][{validation.Features}] with horizon {validation.Horizon}; training samples are [{train.Window}][{train.Features}] with horizon {train.Horizon}.",
                nameof(validation));
        }

        if (scaler is not null && scaler.FeatureCount != train.Features)
        {
            throw new ArgumentException($"the scaler has {scaler.FeatureCount} features; the samples have {train.Features}.", nameof(scaler));
        }

        Train = train;
        Validation = validation;
        Scaler = scaler;
    }

    /// <summary>The first (1 − validationSplit) of the samples, in series order.</summary>
    public WindowedDataset Train { get; }

    /// <summary>The remaining samples, or null when validationSplit is 0.</summary>
    public WindowedDataset? Validation { get; }

    /// <summary>Statistics of the training part; null with <see cref="Normalization.None"/>.</summary>
    public Standardizer? Scaler { get; }

    /// <summary>Features per time step (the model's input size).</summary>
    public int Features => Train.Features;

    /// <summary>Time steps per sample.</summary>
    public int Window => Train.Window;

    /// <summary>Steps ahead of the window that each label lies.</summary>
    public int Horizon => Train.Horizon;
}
