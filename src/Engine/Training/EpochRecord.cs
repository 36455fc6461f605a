namespace Tuner.Engine.Training;

/// <summary>One epoch of the history: training loss (sample-weighted mean over the epoch's batches,
/// MSE + L2 penalty, as Keras reports it), validation loss (null without a validation set) and
/// wall-clock seconds.</summary>
public sealed record EpochRecord(int Epoch, double Loss, double? ValLoss, double Seconds);
