using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Engine.Data;

namespace Tuner.Training.BestModels;

/// <summary>Builds the <see cref="ModelReport"/> of a job's best model on the job's own data: report.html and the
/// dashboard show it (PRODUCT.md §8).</summary>
public static class ModelReportBuilder
{
    /// <summary>The sample's temperature: lower than 1 so a small model's sample reads as text.</summary>
    public const double SampleTemperature = 0.5;

    /// <summary>Characters in the sample.</summary>
    public const int SampleLength = 300;

    /// <param name="baseDirectory">Where a forecast's CSV path is resolved (its series is read again, whole).</param>
    public static ModelReport Build(JobSpec spec, TaskData data, BestModel model, string trialId, int? epoch, string? baseDirectory = null) => spec.Task switch
    {
        TaskKind.Forecast => new ModelReport(spec.Task.Word(), trialId, epoch, Forecast: Forecast(spec, data, model, baseDirectory)),
        TaskKind.Classify => new ModelReport(spec.Task.Word(), trialId, epoch, Classification: Classification(data, model)),
        _ => new ModelReport(spec.Task.Word(), trialId, epoch, Generation: Generation(spec, data, model)),
    };

    /// <summary>The best model's forecasts of the validation rows, from the same windows <c>tuner predict</c> reads.</summary>
    private static ForecastReport Forecast(JobSpec spec, TaskData data, BestModel model, string? baseDirectory)
    {
        var series = JobData.LoadSeries(spec, baseDirectory);
        var target = series.TargetName;
        if (data.Windows?.Validation is not { Count: > 0 } validation)
            return new ForecastReport(target, [], [], [], null, null);
        int first = validation.LabelIndex(0), last = validation.LabelIndex(validation.Count - 1);
        var index = new List<int>();
        var actual = new List<float>();
        var forecast = new List<float>();
        double squared = 0, persistence = 0;
        foreach (var (row, value) in model.Forecast(series))
        {
            if (row < first || row > last) continue;
            var truth = series.Target[row];
            var previous = series.Target[row - spec.Horizon];
            index.Add(row);
            actual.Add(truth);
            forecast.Add(value);
            squared += (value - (double)truth) * (value - (double)truth);
            persistence += (previous - (double)truth) * (previous - (double)truth);
        }
        return new ForecastReport(target, index.ToValueList(), actual.ToValueList(), forecast.ToValueList(),
            Math.Sqrt(squared / index.Count), Math.Sqrt(persistence / index.Count));
    }

    /// <summary>The validation confusion matrix: each sample's class with the highest probability against its label.</summary>
    private static ClassificationReport Classification(TaskData data, BestModel model)
    {
        var labels = data.Labels!;
        var k = labels.Count;
        var matrix = new int[k, k];
        var count = 0;
        var correct = 0;
        if (data.Validation is { Count: > 0 } validation)
        {
            var predicted = model.Predict(validation);
            var outputs = predicted.Length / validation.Count;
            for (int i = 0; i < validation.Count; i++)
            {
                var actual = (int)validation.Targets[i];
                var guess = outputs == 1 ? (predicted[i] >= 0.5f ? 1 : 0) : ArgMax(predicted.AsSpan(i * outputs, outputs));
                matrix[actual, guess]++;
                count++;
                if (guess == actual) correct++;
            }
        }
        var rows = Enumerable.Range(0, k).Select(a => Enumerable.Range(0, k).Select(p => matrix[a, p]).ToValueList()).ToValueList();
        var majority = count == 0 ? 0 : rows.Max(r => r.Sum()) / (double)count;
        return new ClassificationReport(labels.Names.ToValueList(), rows, count, count == 0 ? null : correct / (double)count, majority);
    }

    /// <summary>A sample continuing the validation part's first window, and the losses to compare.</summary>
    private static GenerationReport Generation(JobSpec spec, TaskData data, BestModel model)
    {
        var vocabulary = data.Characters!;
        var source = data.Validation as TokenStreamDataset ?? (TokenStreamDataset)data.Train;
        var prompt = string.Concat(source.Tokens(0).ToArray().Select(vocabulary.Character));
        var sample = model.Generate(prompt, SampleLength, SampleTemperature, unchecked((ulong)spec.Seed));
        double? valLoss = data.Validation is { Count: > 0 } v ? model.Evaluate(v).Loss : null;
        double? frequencyLoss = data.Validation is { Count: > 0 } validation ? FrequencyLoss(data.Train, validation, vocabulary.Size) : null;
        return new GenerationReport(prompt, sample, SampleTemperature, spec.Seed, valLoss, frequencyLoss);
    }

    /// <summary>The cross-entropy (nats) on <paramref name="validation"/>'s labels of predicting every character with its
    /// frequency among <paramref name="train"/>'s labels, add-one smoothed over the <paramref name="classes"/> ids: the
    /// loss a model that ignores the context reaches.</summary>
    public static double FrequencyLoss(SequenceDataset train, SequenceDataset validation, int classes)
    {
        var counts = new double[classes];
        foreach (var label in train.Targets) counts[(int)label]++;
        var total = train.Count + (double)classes;
        double loss = 0;
        foreach (var label in validation.Targets) loss -= Math.Log((counts[(int)label] + 1) / total);
        return loss / validation.Count;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
