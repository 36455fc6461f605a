using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Training.Text;

namespace Tuner.Training.BestModels;

/// <summary>How a model reads its data, fitted on the job's training part and stored with the best model so new data is
/// read exactly the same way: the forecast's input columns and standardization, the word tokenizer or the character
/// vocabulary, the class names.</summary>
/// <param name="FeatureNames">A forecast's (or numeric classification's) input columns, in the model's order.</param>
/// <param name="Target">A forecast's target column.</param>
public sealed record Preprocessing(
    IReadOnlyList<string> FeatureNames,
    string? Target,
    Standardizer? Scaler,
    WordTokenizer? Words,
    CharacterVocabulary? Characters,
    ClassLabels? Labels)
{
    /// <summary>The preprocessing of <paramref name="data"/>, prepared from <paramref name="spec"/> (a synthetic series'
    /// column name comes from generating it again).</summary>
    public static Preprocessing Of(JobSpec spec, TaskData data, string? baseDirectory = null)
    {
        var (features, target) = spec.Data switch
        {
            CsvDataSpec csv => ((IReadOnlyList<string>)[.. csv.Features], csv.Target),
            SyntheticDataSpec => JobData.LoadSeries(spec, baseDirectory) is var series ? (series.FeatureNames, series.TargetName) : default,
            _ => ([], null),
        };
        return new Preprocessing(features, target, data.Scaler, data.Words, data.Characters, data.Labels);
    }

    /// <summary>How this preprocessing and <paramref name="model"/> disagree (files from different runs, or edited), or
    /// null: the input it makes must be what the model reads, and its classes what the model outputs.</summary>
    public string? MismatchWith(Engine.Models.ModelSpec model)
    {
        var tokens = Words?.Size ?? Characters?.Size;
        if (model.Embedding is { } embedding)
        {
            if (tokens is null) return $"the model reads token ids; the description gives {FeatureNames.Count} numeric feature(s)";
            // Equal, not merely enough: the embedding's rows are the tokenizer's ids, so another run's table of any size
            // reads the same ids as other words or characters (a larger one made generate print U+FFFD, exit 0).
            if (tokens != embedding.Vocabulary) return $"the description's vocabulary has {tokens} ids; the model's has {embedding.Vocabulary}";
        }
        else if (tokens is not null)
        {
            return "the description tokenizes text; the model reads numeric features";
        }
        else if (FeatureNames.Count != model.InputSize)
        {
            return $"the description gives {FeatureNames.Count} feature(s) per step; the model reads {model.InputSize}";
        }
        if (Characters is { } characters && (model.Head != Engine.Models.HeadKind.Softmax || model.Classes != characters.Size))
            return $"the description generates from {characters.Size} characters; the model predicts " +
                   (model.Head == Engine.Models.HeadKind.Softmax ? $"{model.Classes} classes" : "no characters (it is not a text generator)");
        if (Labels is { } labels)
        {
            var classes = model.Head switch { Engine.Models.HeadKind.Softmax => model.Classes, Engine.Models.HeadKind.Sigmoid => 2, _ => 0 };
            if (labels.Count != classes) return $"the description names {labels.Count} class(es); the model has {classes}";
        }
        return null;
    }
}
