namespace Tuner.Engine.Optimizers;

/// <summary>The optimizers a job can choose (<c>optimizer</c> hyperparameter).</summary>
public enum OptimizerKind
{
    Adam,
    RmsProp,
    Sgd,
}
