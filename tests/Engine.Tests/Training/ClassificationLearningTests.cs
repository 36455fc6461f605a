using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Tests.Support;
using Tuner.Engine.Training;

namespace Tuner.Engine.Tests.Training;

/// <summary>The classification models learn — and with a learning rate of 1e-6 they do not, so each test can fail:
/// a toy sentiment task (positive exactly when token 7 appears) through Embedding → LSTM → sigmoid, and
/// next-character prediction on a repeated sentence through Embedding → LSTM → softmax.</summary>
public sealed class ClassificationLearningTests
{
    [Theory]
    [InlineData(1e-2f, true)]
    [InlineData(1e-6f, false)]
    public void Sentiment_model_finds_the_marker_token_only_with_a_sane_learning_rate(float learningRate, bool shouldLearn)
    {
        var (train, validation) = ToyTokenData.Sentiment(train: 2000, validation: 500);
        var spec = new ModelSpec(CellType.Lstm, 1, 16, Embedding: new EmbeddingSpec(30, 8), Head: HeadKind.Sigmoid);
        using var session = TrainingSession.Create(spec, OptimizerSpec.Adam(learningRate), batchSize: 32, seed: 3);

        var result = session.Train(train, validation, untilEpoch: 12);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.All(result.History, e => Assert.True(e.Accuracy is >= 0 and <= 1 && e.ValAccuracy is >= 0 and <= 1));
        double valAccuracy = result.History[^1].ValAccuracy!.Value;
        Assert.True(shouldLearn == valAccuracy >= 0.95, $"val_accuracy {valAccuracy:F3} after 12 epochs at learning rate {learningRate}");
    }

    [Theory]
    [InlineData(1e-2f, true)]
    [InlineData(1e-6f, false)]
    public void Character_model_predicts_a_repeated_text_far_better_than_a_uniform_guess_only_with_a_sane_learning_rate(float learningRate, bool shouldLearn)
    {
        var (train, validation, vocabulary) = ToyTokenData.RepeatedText("the quick brown fox jumps over the lazy dog. ", length: 3000, window: 10);
        var spec = new ModelSpec(CellType.Lstm, 1, 32, Embedding: new EmbeddingSpec(vocabulary, 8), Head: HeadKind.Softmax, Classes: vocabulary);
        using var session = TrainingSession.Create(spec, OptimizerSpec.Adam(learningRate), batchSize: 32, seed: 5);

        var result = session.Train(train, validation, untilEpoch: 8);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        double uniform = Math.Log(vocabulary);
        double valLoss = result.History[^1].ValLoss!.Value;
        Assert.True(shouldLearn == valLoss < uniform / 2, $"val_loss {valLoss:F4} against half the uniform-guess loss {uniform / 2:F4} at learning rate {learningRate}");
    }
}
