using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Training.Text;

namespace Tuner.Training;

/// <summary>A job's data ready to train on: the training and validation samples, and the preprocessing fitted on the
/// training part that a model needs to read new data the same way — the standardization (forecast, numeric
/// classification), the word tokenizer (text classification) or the character vocabulary (generate), and the class
/// names (classify). Built by <see cref="JobData.Prepare(JobSpec, string?)"/>.</summary>
public sealed class TaskData
{
    public required TaskKind Task { get; init; }

    public required SequenceDataset Train { get; init; }

    /// <summary>The last <c>validationSplit</c> of the samples; null when it is 0.</summary>
    public SequenceDataset? Validation { get; init; }

    /// <summary>A forecast's (or numeric classification's) windows, with their series offsets and scaler.</summary>
    public PreparedData? Windows { get; init; }

    /// <summary>Statistics of the training part; null with <c>normalize: none</c> and for text.</summary>
    public Standardizer? Scaler { get; init; }

    public WordTokenizer? Words { get; init; }

    public CharacterVocabulary? Characters { get; init; }

    public ClassLabels? Labels { get; init; }

    /// <summary>The model the data asks for.</summary>
    public ModelShape Shape => Task switch
    {
        TaskKind.Generate => new ModelShape(1, Characters!.Size, Engine.Models.HeadKind.Softmax, Characters.Size),
        TaskKind.Classify => ModelShape.HeadFor(Labels!.Count) is var (head, classes)
            ? new ModelShape(Train.Features, Words?.Size ?? 0, head, classes)
            : throw new InvalidOperationException(),
        _ => ModelShape.Regression(Train.Features),
    };

    /// <summary>A forecast's data, as the series windows it is.</summary>
    public static TaskData Forecast(PreparedData windows) =>
        new() { Task = TaskKind.Forecast, Train = windows.Train, Validation = windows.Validation, Windows = windows, Scaler = windows.Scaler };
}
