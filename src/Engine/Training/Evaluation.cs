namespace Tuner.Engine.Training;

/// <summary>A model's loss over a whole dataset in evaluation mode (the head's loss + L2 penalty) and,
/// for the classification heads, its accuracy (null otherwise).</summary>
public sealed record Evaluation(double Loss, double? Accuracy);
