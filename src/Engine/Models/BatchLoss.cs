namespace Tuner.Engine.Models;

/// <summary>A batch's loss as Keras reports it: the head's mean loss plus the L2 penalty, and how many
/// of its samples the model classified right (0 for the linear head).</summary>
public readonly record struct BatchLoss(double Loss, int Correct);
