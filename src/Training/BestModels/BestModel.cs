using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Engine.Data;
using Tuner.Engine.Models;
using Tuner.Engine.Rng;
using Tuner.Engine.Training;
using Tuner.Training.Text;

namespace Tuner.Training.BestModels;

/// <summary>A trained model with its preprocessing, ready to use (PRODUCT.md §8): forecasts in the target's original
/// units, class probabilities for texts or series, text continued character by character. Loaded from a
/// <c>tuner run</c> output folder (<see cref="BestModelFile"/>) or built from a job's data and checkpoint.</summary>
public sealed class BestModel : IDisposable
{
    private readonly TrainingSession _session;

    public BestModel(JobSpec spec, Preprocessing preprocessing, byte[] checkpoint)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(preprocessing);
        Spec = spec;
        Preprocessing = preprocessing;
        try
        {
            _session = TrainingSession.Restore(checkpoint, threads: 1);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"the model's checkpoint is unusable: {e.Message}; restore it, or run the job again to write it");
        }
        if (preprocessing.MismatchWith(_session.Model.Spec) is { } mismatch)
        {
            _session.Dispose();
            throw new InvalidInputException($"the model's checkpoint does not match its description ({BestModelFile.InfoFile}): {mismatch}; the two come from different runs");
        }
    }

    public JobSpec Spec { get; }

    public Preprocessing Preprocessing { get; }

    public TaskKind Task => Spec.Task;

    /// <summary>Epochs of training the state holds.</summary>
    public int EpochsTrained => _session.EpochsCompleted;

    /// <summary>The metrics of the epoch whose state this is (its training history's last), or null without one.</summary>
    public Engine.Training.EpochRecord? LastEpoch => _session.History.Count > 0 && _session.History[^1].Epoch == EpochsTrained ? _session.History[^1] : null;

    /// <summary>For every window of <paramref name="series"/> (its feature columns in the model's order, already
    /// selected), the forecast <c>horizon</c> rows ahead in the target's original units: window <c>s</c> reads rows
    /// <c>[s, s + window)</c> and forecasts row <c>s + window + horizon − 1</c> (the last <c>horizon</c> windows forecast
    /// rows past the data's end).</summary>
    public IReadOnlyList<(int Index, float Value)> Forecast(TimeSeries series)
    {
        RequireTask(TaskKind.Forecast, "forecast");
        var (dataset, first) = Windows(series);
        var predicted = _session.Predict(dataset);
        var scaler = Preprocessing.Scaler;
        var rows = new (int, float)[dataset.Count];
        for (int s = 0; s < rows.Length; s++)
            rows[s] = (first + s, scaler is null ? predicted[s] : scaler.InverseTarget(predicted[s]));
        return rows;
    }

    /// <summary>The class probabilities of each text (a text classification), <c>[texts][classes]</c>.</summary>
    public float[][] ClassifyTexts(IReadOnlyList<string> texts)
    {
        RequireTask(TaskKind.Classify, "classification of texts");
        var words = Preprocessing.Words ?? throw new InvalidInputException("this model classifies numeric sequences, not texts: give a CSV with its feature columns");
        var tokens = words.Encode(texts);
        return Probabilities(_session.Predict(TokenSequenceDataset.Create(tokens, new float[texts.Count], words.MaxLength)));
    }

    /// <summary>For every window of <paramref name="series"/> (a numeric sequence classification), the row it labels
    /// and the class probabilities.</summary>
    public IReadOnlyList<(int Index, float[] Probabilities)> ClassifySeries(TimeSeries series)
    {
        RequireTask(TaskKind.Classify, "classification of sequences");
        if (Preprocessing.Words is not null) throw new InvalidInputException("this model classifies texts: give one text per line, or a CSV with the job's text column");
        var (dataset, first) = Windows(series);
        var probabilities = Probabilities(_session.Predict(dataset));
        return probabilities.Select((p, s) => (first + s, p)).ToList();
    }

    /// <summary>Continues <paramref name="prompt"/> by <paramref name="length"/> characters, each drawn from the model's
    /// next-character distribution sharpened or flattened by <paramref name="temperature"/> (p^(1/T), renormalized; 0
    /// takes the most likely character). The unknown character is never drawn. A prompt shorter than the window is
    /// padded on the left with spaces (or, without a space in the vocabulary, the unknown character). Deterministic
    /// for a given <paramref name="seed"/>.</summary>
    /// <param name="cancellation">Checked before every character: a long generation stops at Ctrl-C.</param>
    public string Generate(string prompt, int length, double temperature, ulong seed, CancellationToken cancellation = default) =>
        string.Concat(GenerateCharacters(prompt, length, temperature, seed, cancellation));

    /// <summary><see cref="Generate"/> a character at a time, as each is drawn: a caller can show a long generation as
    /// it goes, and keep what it has when it is interrupted.</summary>
    public IEnumerable<string> GenerateCharacters(string prompt, int length, double temperature, ulong seed, CancellationToken cancellation = default)
    {
        RequireTask(TaskKind.Generate, "text generation");
        ArgumentNullException.ThrowIfNull(prompt);
        return Characters(prompt, length, temperature, seed, cancellation);
    }

    private IEnumerable<string> Characters(string prompt, int length, double temperature, ulong seed, CancellationToken cancellation)
    {
        var vocabulary = Preprocessing.Characters!;
        int window = Spec.Window;
        var context = new List<int>(vocabulary.Encode(prompt));
        var pad = vocabulary.Id(new Rune(' '));
        while (context.Count < window) context.Insert(0, pad);
        var model = _session.Model;
        model.EnsureCapacity(window, 1);
        var tokens = new int[window];
        var probabilities = new float[model.Spec.Outputs];
        var weights = new double[probabilities.Length];
        var random = new Xoshiro256StarStar(seed);
        for (int n = 0; n < length; n++)
        {
            cancellation.ThrowIfCancellationRequested();
            context.CopyTo(context.Count - window, tokens, 0, window);
            model.Predict(SequenceBatch.OfTokens(tokens, window, 1), probabilities);
            var next = Draw(probabilities, weights, temperature, random);
            context.Add(next);
            yield return vocabulary.Character(next);
        }
    }

    /// <summary>The validation loss and accuracy of the state, as training measured them.</summary>
    public Evaluation Evaluate(SequenceDataset data) => _session.Evaluate(data);

    /// <summary>The session's predictions, <c>[N][K]</c>.</summary>
    public float[] Predict(SequenceDataset data) => _session.Predict(data);

    /// <summary>Windows of <paramref name="series"/> (scaled with the stored statistics), one per start row, each with
    /// a placeholder label: the last <c>horizon</c> of them look past the data's end.</summary>
    private (WindowedDataset Windows, int FirstIndex) Windows(TimeSeries series)
    {
        int window = Spec.Window, horizon = Spec.Horizon, f = series.FeatureCount;
        if (f != Preprocessing.FeatureNames.Count)
            throw new InvalidInputException($"the data has {f} feature columns; the model reads {Preprocessing.FeatureNames.Count} ({string.Join(", ", Preprocessing.FeatureNames)})");
        if (series.Length < window)
            throw new InvalidInputException($"window: the model reads windows of {window} rows; the data has {series.Length}: give at least {window} rows");
        var features = new float[(long)(series.Length + horizon) * f];
        if (Preprocessing.Scaler is { } scaler) scaler.TransformFeatures(series.Features, features);
        else series.Features.CopyTo(features);
        var padded = new TimeSeries("label", series.FeatureNames, features, new float[series.Length + horizon]);
        return (WindowedDataset.Create(padded, window, horizon), window + horizon - 1);
    }

    private float[][] Probabilities(float[] predicted)
    {
        int k = _session.Model.Spec.Outputs;
        int count = predicted.Length / k;
        var rows = new float[count][];
        for (int i = 0; i < count; i++)
            rows[i] = k == 1 ? [1 - predicted[i], predicted[i]] : predicted.AsSpan(i * k, k).ToArray();
        return rows;
    }

    private static int Draw(float[] probabilities, double[] weights, double temperature, Xoshiro256StarStar random)
    {
        // Id 0 is the unknown character: it cannot be written, so it is never drawn.
        int best = 1;
        for (int i = 1; i < probabilities.Length; i++)
            if (probabilities[i] > probabilities[best]) best = i;
        if (temperature <= 0) return best;
        double total = 0;
        weights[0] = 0;
        for (int i = 1; i < probabilities.Length; i++)
        {
            weights[i] = probabilities[i] > 0 ? Math.Exp(Math.Log(probabilities[i]) / temperature) : 0;
            total += weights[i];
        }
        if (!(total > 0) || !double.IsFinite(total)) return best;
        var u = random.NextDouble() * total;
        for (int i = 1; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return best;
    }

    private void RequireTask(TaskKind task, string what)
    {
        if (Spec.Task != task)
            throw new InvalidInputException($"this is a {Spec.Task.Word()} model; {what} needs a {task.Word()} model{(Spec.Task == TaskKind.Generate ? " (use tuner generate)" : task == TaskKind.Generate ? " (use tuner predict)" : "")}");
    }

    public void Dispose() => _session.Dispose();
}
