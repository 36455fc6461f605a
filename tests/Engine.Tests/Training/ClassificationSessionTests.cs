using Tuner.Engine.Data;
using Tuner.Engine.Models;
using Tuner.Engine.Optimizers;
using Tuner.Engine.Tests.Support;
using Tuner.Engine.Training;
using static Tuner.Engine.Tests.Support.ToyTraining;

namespace Tuner.Engine.Tests.Training;

/// <summary>Training sessions of the embedding, bidirectional and classification models: checkpoints,
/// allocation, predictions, and data that does not fit the model.</summary>
public sealed class ClassificationSessionTests
{
    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    public void Three_epochs_checkpoint_restore_two_more_is_bit_identical_to_five_straight_for_a_bidirectional_embedding_softmax_model(CellType cell)
    {
        var (train, validation, vocabulary) = Text();
        TrainingSession NewSession() => TrainingSession.Create(TextModel(cell, vocabulary), OptimizerSpec.Adam(3e-3f), batchSize: 16, seed: 21);
        using var straight = NewSession();
        straight.Train(train, validation, untilEpoch: 5);

        using var first = NewSession();
        first.Train(train, validation, untilEpoch: 3);
        using var resumed = TrainingSession.Restore(first.SaveCheckpoint());
        Assert.Equal(first.Model.Spec, resumed.Model.Spec);
        var result = resumed.Train(train, validation, untilEpoch: 5);

        Assert.Equal(TrainingStatus.Completed, result.Status);
        Assert.Equal(straight.Model.Parameters.Values, resumed.Model.Parameters.Values);
        Assert.Equal(straight.Optimizer.State[0], resumed.Optimizer.State[0]);
        Assert.Equal(straight.Optimizer.State[1], resumed.Optimizer.State[1]);
        Assert.Equal(straight.History.Select(e => (e.Epoch, e.Loss, e.ValLoss, e.Accuracy, e.ValAccuracy)),
            resumed.History.Select(e => (e.Epoch, e.Loss, e.ValLoss, e.Accuracy, e.ValAccuracy)));
        Assert.All(resumed.History, e => Assert.True(e.Accuracy is not null && e.ValAccuracy is not null));
    }

    [Fact]
    public void Two_threads_train_a_bidirectional_embedding_model_bit_identically_to_one()
    {
        var (train, validation, vocabulary) = Text();
        // Batch 40 × window 8 = 320 rows: the products are big enough to be split over the team.
        using var one = TrainingSession.Create(TextModel(CellType.Gru, vocabulary), OptimizerSpec.Adam(3e-3f), batchSize: 40, seed: 4, threads: 1);
        using var two = TrainingSession.Create(TextModel(CellType.Gru, vocabulary), OptimizerSpec.Adam(3e-3f), batchSize: 40, seed: 4, threads: 2);
        one.Train(train, validation, untilEpoch: 2);
        two.Train(train, validation, untilEpoch: 2);
        Assert.Equal(one.Model.Parameters.Values, two.Model.Parameters.Values);
        Assert.Equal(one.History.Select(e => (e.Loss, e.ValLoss, e.ValAccuracy)), two.History.Select(e => (e.Loss, e.ValLoss, e.ValAccuracy)));
    }

    [Theory]
    [InlineData(CellType.Lstm, true, HeadKind.Softmax)]
    [InlineData(CellType.Gru, true, HeadKind.Sigmoid)]
    [InlineData(CellType.Lstm, false, HeadKind.Sigmoid)]
    public void A_training_step_of_a_token_model_allocates_nothing_after_warm_up(CellType cell, bool bidirectional, HeadKind head)
    {
        var (train, _) = ToyTokenData.Sentiment(train: 64, validation: 1);
        var spec = new ModelSpec(cell, 1, 20, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.2f, L2: 1e-3f, Bidirectional: bidirectional,
            Embedding: new EmbeddingSpec(30, 8), Head: head, Classes: head == HeadKind.Softmax ? 2 : 0);
        using var session = TrainingSession.Create(spec, new OptimizerSpec(OptimizerKind.Adam, 1e-3f, ClipNorm: 1f), batchSize: 16, seed: 1);
        int[] samples = [.. Enumerable.Range(0, 16)];
        AllocationAssert.NoneInSteadyState(() => session.TrainStep(train, samples), "steps");
    }

    [Theory]
    [InlineData(CellType.Gru, HeadKind.Sigmoid)]
    [InlineData(CellType.Lstm, HeadKind.Linear)]
    public void A_training_step_of_a_bidirectional_feature_model_allocates_nothing_after_warm_up(CellType cell, HeadKind head)
    {
        var sine = SeriesGenerators.Sine(300, 0.1, seed: 3);
        var train = WindowedDataset.Create(head == HeadKind.Sigmoid ? RisesOrFalls(sine) : sine, window: 8, horizon: 1);
        using var session = TrainingSession.Create(new ModelSpec(cell, 1, 12, Layers: 2, Dropout: 0.2f, RecurrentDropout: 0.2f, L2: 1e-3f,
            Bidirectional: true, Head: head), OptimizerSpec.Adam(1e-3f), batchSize: 16, seed: 1);
        int[] samples = [.. Enumerable.Range(0, 16)];
        AllocationAssert.NoneInSteadyState(() => session.TrainStep(train, samples), "steps");
    }

    [Fact]
    public void Predictions_are_probabilities_one_row_per_sample()
    {
        var (train, validation, vocabulary) = Text();
        using var softmax = TrainingSession.Create(TextModel(CellType.Lstm, vocabulary), OptimizerSpec.Adam(1e-2f), batchSize: 16, seed: 2);
        softmax.Train(train, validation, untilEpoch: 2);
        var p = softmax.Predict(validation);
        Assert.Equal(validation.Count * vocabulary, p.Length);
        for (int i = 0; i < validation.Count; i++)
        {
            var row = p.AsSpan(i * vocabulary, vocabulary);
            Assert.All(row.ToArray(), v => Assert.InRange(v, 0f, 1f));
            Assert.Equal(1.0, row.ToArray().Sum(v => (double)v), 1e-5);
        }
        // Accuracy reported for the validation set is the share of rows whose arg-max is the label.
        int right = 0;
        for (int i = 0; i < validation.Count; i++)
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p.AsSpan(i * vocabulary, vocabulary)) == (int)validation.Targets[i]) right++;
        Assert.Equal((double)right / validation.Count, softmax.Evaluate(validation).Accuracy!.Value, 1e-12);

        var (sentiment, check) = ToyTokenData.Sentiment(train: 64, validation: 40);
        using var sigmoid = TrainingSession.Create(new ModelSpec(CellType.Gru, 1, 8, Embedding: new EmbeddingSpec(30, 4), Head: HeadKind.Sigmoid),
            OptimizerSpec.Adam(1e-2f), batchSize: 16, seed: 2);
        var probabilities = sigmoid.Predict(check);
        Assert.Equal(40, probabilities.Length);
        Assert.All(probabilities, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Data_that_does_not_fit_the_model_is_rejected_naming_what_differs()
    {
        var (train, _, vocabulary) = Text();
        var sine = DatasetBuilder.Build(SeriesGenerators.Sine(100, 0.1, seed: 3), 8, horizon: 1, validationSplit: 0, Normalization.Standard);
        using var text = TrainingSession.Create(TextModel(CellType.Lstm, vocabulary), OptimizerSpec.Adam(1e-3f), batchSize: 8, seed: 1);
        Assert.Contains("token ids", Assert.Throws<ArgumentException>(() => text.Train(sine.Train, null, 1)).Message);

        using var small = TrainingSession.Create(TextModel(CellType.Lstm, vocabulary) with { Embedding = new EmbeddingSpec(3, 4) },
            OptimizerSpec.Adam(1e-3f), batchSize: 8, seed: 1);
        Assert.Contains("vocabulary is 0..2", Assert.Throws<ArgumentException>(() => small.Train(train, null, 1)).Message);

        using var fewClasses = TrainingSession.Create(TextModel(CellType.Lstm, vocabulary) with { Classes = 2 },
            OptimizerSpec.Adam(1e-3f), batchSize: 8, seed: 1);
        Assert.Contains("not a class index in 0..1", Assert.Throws<ArgumentException>(() => fewClasses.Train(train, null, 1)).Message);

        using var binary = TrainingSession.Create(new ModelSpec(CellType.Lstm, 1, 4, Head: HeadKind.Sigmoid), OptimizerSpec.Adam(1e-3f), batchSize: 8, seed: 1);
        Assert.Contains("not a binary label", Assert.Throws<ArgumentException>(() => binary.Train(sine.Train, null, 1)).Message);
        Assert.Contains("token ids", Assert.Throws<ArgumentException>(() => binary.Train(train, null, 1)).Message);
    }

    [Fact]
    public void Invalid_model_specs_are_rejected_naming_the_field()
    {
        string Message(ModelSpec spec) => Assert.Throws<ArgumentException>(spec.Validate).Message;
        var basic = new ModelSpec(CellType.Lstm, 1, 8);
        Assert.Contains("classes", Message(basic with { Head = HeadKind.Softmax, Classes = 1 }));
        Assert.Contains("classes", Message(basic with { Head = HeadKind.Softmax, Classes = ModelSpec.MaxClasses + 1 }));
        Assert.Contains("classes", Message(basic with { Head = HeadKind.Sigmoid, Classes = 3 }));
        Assert.Contains("inputSize", Message(basic with { InputSize = 3, Embedding = new EmbeddingSpec(10, 4) }));
        Assert.Contains("vocabulary", Message(basic with { Embedding = new EmbeddingSpec(0, 4) }));
        Assert.Contains("dimension", Message(basic with { Embedding = new EmbeddingSpec(10, 0) }));
        (basic with { Head = HeadKind.Softmax, Classes = ModelSpec.MaxClasses }).Validate();
    }

    /// <summary>The series with the label 1 where it is positive, else 0.</summary>
    private static TimeSeries RisesOrFalls(TimeSeries series)
    {
        var labels = series.Target.ToArray().Select(v => v > 0 ? 1f : 0f).ToArray();
        return new TimeSeries("positive", ["x"], series.Features, labels);
    }
}
