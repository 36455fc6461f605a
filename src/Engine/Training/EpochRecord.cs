namespace Tuner.Engine.Training;

/// <summary>One epoch of the history: training loss (sample-weighted mean over the epoch's batches, the
/// head's loss + L2 penalty, as Keras reports it), validation loss (null without a validation set),
/// wall-clock seconds, and for the classification heads the share of right answers on the training
/// batches (Keras' <c>accuracy</c>, dropout on) and on the validation set (<c>val_accuracy</c>).</summary>
public sealed record EpochRecord(int Epoch, double Loss, double? ValLoss, double Seconds, double? Accuracy = null, double? ValAccuracy = null);
