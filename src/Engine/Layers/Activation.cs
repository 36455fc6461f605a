namespace Tuner.Engine.Layers;

/// <summary>The activation of a recurrent layer's candidate and cell output (Keras' LSTM
/// <c>activation</c>); gates always use the sigmoid.</summary>
public enum Activation
{
    Tanh,
    Relu,
}
