using Tuner.Contracts.Jobs;
using Tuner.Engine.Models;

namespace Tuner.Training;

/// <summary>What the data decides about a job's model: values per step (<paramref name="InputSize"/>: features, or 1
/// token id), the embedding's vocabulary (<paramref name="Vocabulary"/>, 0 for no embedding), and the head with its
/// classes (Dense(1) linear for a forecast, Dense(1) sigmoid for two classes, Dense(K) softmax for more and for
/// characters).</summary>
public sealed record ModelShape(int InputSize, int Vocabulary, HeadKind Head, int Classes)
{
    /// <summary>These sizes as <see cref="ModelSize"/> counts them: the head has K outputs for a softmax, else 1.</summary>
    public ModelSize.DataSizes Sizes => new(InputSize, Vocabulary, Head == HeadKind.Softmax ? Classes : 1);

    /// <summary>A forecast's model on <paramref name="features"/> inputs per step.</summary>
    public static ModelShape Regression(int features) => new(features, 0, HeadKind.Linear, 0);

    /// <summary>The head for <paramref name="classes"/> classes: sigmoid for two, softmax for more.</summary>
    public static (HeadKind Head, int Classes) HeadFor(int classes) => classes == 2 ? (HeadKind.Sigmoid, 0) : (HeadKind.Softmax, classes);
}
