namespace Tuner.Engine.Training;

/// <summary>How a call to <c>TrainingSession.Train</c> ended.</summary>
public enum TrainingStatus
{
    /// <summary>Reached the requested epoch.</summary>
    Completed,

    /// <summary>The loss became NaN or infinite; training stopped.</summary>
    Diverged,

    /// <summary>Cancelled between batches; the model is mid-epoch, so resume from the last epoch checkpoint.</summary>
    Cancelled,
}
