using System.Collections.Concurrent;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Search;
using Tuner.Coordinator.Search.Trials;

namespace Tuner.Coordinator.Search.Simulation;

/// <summary>Learning curves recorded by a real search (a results.json), standing in for training: a configuration's
/// epoch e is epoch e of the recorded trial nearest to it in the normalized space, and lasts that trial's seconds per
/// epoch (PRODUCT.md §8, <c>tuner simulate</c>).</summary>
/// <remarks>
/// <para>Distance: the sum of squared coordinate differences, each tuned number mapped to [0, 1] over the job's range
/// (log dimensions in log space; a recorded value outside the range maps outside [0, 1], so it is farther). A choice
/// of numbers is a number too, compared by value (a recorded 16.0 is the choice's 16), over the range of its values:
/// in log space when they are all positive and span at least two decades (×100), else linearly. A choice of strings
/// or booleans (or a mix) counts 0 when equal and 1 when not. A range of one value maps that value to 0 and any other
/// to 1. Ties go to the trial listed first. Only recorded trials whose history covers every epoch the job may ask
/// for, with a finite objective, are used, and diverged ones (<c>"status": "diverged"</c>): a configuration replaying one
/// diverges at the epoch after its recorded history, as the recorded training did.</para>
/// <para>Fixed hyperparameters come first: of those trials, only the ones nearest to the job's fixed values are used —
/// the trials recorded with the job's values when any are (a fixed batch size the recording varies replays the trials
/// of that batch size), else those whose values are nearest (a number over the range of the recorded values and the
/// job's, in log space by the choices' rule; another value, or none, counts 1 when not equal).</para>
/// <para>The recording seed is the recording's: the training seed of a simulated trial is ignored, so executions of
/// one configuration replay the same curve.</para>
/// </remarks>
public sealed class RecordedCurves : ISyntheticProblem
{
    /// <summary>A choice of positive numbers whose largest is at least this many times its smallest (two decades) is
    /// compared in log space.</summary>
    private const double LogChoiceRatio = 100;

    /// <summary>The most seconds one recorded trial may have taken.</summary>
    private const double MaxTrialSeconds = 3e8;

    private readonly Dimension[] _dimensions;
    private readonly bool[] _categorical;
    private readonly List<Recorded> _trials;
    private readonly ConcurrentDictionary<Hyperparameters, Recorded> _nearest = new(); // read by parallel runs (tuner simulate --repeats)

    private RecordedCurves(Dimension[] dimensions, List<Recorded> trials)
    {
        _dimensions = dimensions;
        _categorical = [.. dimensions.Select(d => d.Categorical)];
        _trials = trials;
    }

    /// <summary>Recorded trials in use.</summary>
    public int Count => _trials.Count;

    /// <summary>The curves in results.json text <paramref name="json"/> for a <paramref name="task"/> job searching <paramref name="space"/> on
    /// <paramref name="objective"/> for up to <paramref name="epochs"/> epochs per trial; <see cref="InvalidInputException"/>
    /// (naming <paramref name="source"/>) when the file has no usable histories, was recorded for another task or does
    /// not match the space.</summary>
    public static RecordedCurves Parse(string json, string source, TaskKind task, SearchSpace space, ObjectiveKind objective, int epochs)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{source}: not valid JSON (line {(e.LineNumber ?? 0) + 1}): give the results.json of a tuner run");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("trials", out var trials) || trials.ValueKind != JsonValueKind.Array)
                throw new InvalidInputException($"{source}: has no \"trials\" list; give the results.json of a tuner run (tuner run writes it into --out)");
            // Another task's losses are another quantity (cross-entropy, not squared error): their ranking says nothing here.
            var namesTask = document.RootElement.TryGetProperty("task", out var recordedTask) && recordedTask.ValueKind == JsonValueKind.String;
            if (namesTask && !string.Equals(recordedTask.GetString(), task.Word(), StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException($"{source}: recorded by a {recordedTask.GetString()} job; this job is a {task.Word()}: replay curves recorded by a {task.Word()} job");
            // A results.json without "task" (written before it had one) still tells a forecast's curves from a classifier's:
            // only the classification heads report accuracies.
            if (!namesTask && HasAccuracies(trials) is var accuracies && accuracies != (task != TaskKind.Forecast))
                throw new InvalidInputException(accuracies
                    ? $"{source}: recorded by a classify or generate job (its curves have accuracies); this job is a forecast: replay curves recorded by a forecast job"
                    : $"{source}: recorded by a forecast job (its curves have no accuracy); this job is a {task.Word()}: replay curves recorded by a {task.Word()} job");
            var dimensions = Dimensions(space);
            var recorded = new List<Recorded>();
            var fixedValues = new List<Hyperparameters>(); // each recorded trial's, for NearestFixed
            var longest = 0;
            var withHistory = 0;
            var index = 0;
            foreach (var trial in trials.EnumerateArray())
            {
                var at = $"{source}: trials[{index++}]";
                if (trial.ValueKind != JsonValueKind.Object || !trial.TryGetProperty("hyperparameters", out var hpElement) || hpElement.ValueKind != JsonValueKind.Object)
                    throw new InvalidInputException($"{at}: has no \"hyperparameters\" object");
                Hyperparameters hyperparameters;
                try
                {
                    hyperparameters = hpElement.Deserialize<Hyperparameters>()!;
                }
                catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
                {
                    throw new InvalidInputException($"{at}.hyperparameters: {e.Message}");
                }
                var coordinates = Coordinates(dimensions, hyperparameters, at);
                if (!trial.TryGetProperty("history", out var history) || history.ValueKind != JsonValueKind.Array || history.GetArrayLength() == 0) continue;
                withHistory++;
                var curve = Curve(history, objective);
                longest = Math.Max(longest, curve.Count);
                // A diverged trial's history keeps its finite epochs: replayed, it diverges at the epoch after them.
                var diverged = trial.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == TrialStatus.Diverged.Word();
                if (diverged && curve.Count < epochs) curve.Add(new EpochMetrics(curve.Count + 1, double.NaN, double.NaN));
                else if (curve.Count < epochs) continue;
                var seconds = trial.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number && s.GetDouble() > 0 ? s.GetDouble() : 0;
                // The virtual clock adds them up: a hand-edited 1e308 made it infinite and the document unwritable.
                if (seconds > MaxTrialSeconds)
                    throw new InvalidInputException($"{at}.seconds: {seconds:G6} is no training time (at most {MaxTrialSeconds:0} s, about ten years); correct the recording");
                var trained = Math.Max(history.GetArrayLength(), curve.Count);
                recorded.Add(new Recorded(coordinates, curve, seconds > 0 ? seconds / trained : 1.0));
                fixedValues.Add(hyperparameters);
            }
            if (withHistory == 0)
                throw new InvalidInputException($"{source}: no trial has a \"history\"; simulate needs per-epoch learning curves (the results.json of tuner run has them)");
            if (recorded.Count == 0)
                throw new InvalidInputException($"{source}: no trial has a finite {objective.Word()} for each of the {epochs} epochs the job trains a trial (the longest usable curve has {longest}); record curves at least that long, or lower the job's epochs or maxEpochs");
            return new RecordedCurves(dimensions, NearestFixed(space, recorded, fixedValues));
        }
    }

    /// <summary>Whether any recorded epoch has an accuracy (what a classify or generate job reports and a forecast does not).</summary>
    private static bool HasAccuracies(JsonElement trials)
    {
        foreach (var trial in trials.EnumerateArray())
        {
            if (trial.ValueKind != JsonValueKind.Object || !trial.TryGetProperty("history", out var history) || history.ValueKind != JsonValueKind.Array) continue;
            foreach (var epoch in history.EnumerateArray())
                if (epoch.ValueKind == JsonValueKind.Object && (epoch.TryGetProperty("accuracy", out _) || epoch.TryGetProperty("val_accuracy", out _))) return true;
        }
        return false;
    }

    public EpochMetrics Epoch(Hyperparameters configuration, long seed, int epoch)
    {
        var trial = Nearest(configuration);
        var recorded = trial.Curve[Math.Clamp(epoch, 1, trial.Curve.Count) - 1];
        return recorded with { Epoch = epoch };
    }

    public double EpochSeconds(Hyperparameters configuration, int epoch) => Nearest(configuration).SecondsPerEpoch;

    /// <summary>The recorded trial nearest to <paramref name="configuration"/> (cached: searches ask once per epoch). Safe
    /// from several threads: two computing one configuration at once find the same trial.</summary>
    private Recorded Nearest(Hyperparameters configuration)
    {
        if (_nearest.TryGetValue(configuration, out var known)) return known;
        var point = Coordinates(_dimensions, configuration, "configuration");
        Recorded? best = null;
        var bestDistance = double.PositiveInfinity;
        foreach (var trial in _trials)
        {
            double distance = 0;
            for (var d = 0; d < point.Length; d++)
            {
                var delta = point[d] - trial.Coordinates[d];
                distance += _categorical[d] ? (delta == 0 ? 0 : 1) : delta * delta;
            }
            if (distance < bestDistance) (best, bestDistance) = (trial, distance);
        }
        return _nearest.GetOrAdd(configuration, best!);
    }

    /// <summary>The trials of <paramref name="trials"/> (recorded with <paramref name="values"/>) whose values of the
    /// space's fixed hyperparameters are nearest to the job's: the sum over fixed hyperparameters of the squared
    /// difference of numbers (normalized over the range of the recorded numbers and the job's), or 1 for another value
    /// or none; the trials with the least sum, in their order (all of them when the space fixes nothing).</summary>
    private static List<Recorded> NearestFixed(SearchSpace space, List<Recorded> trials, List<Hyperparameters> values)
    {
        var distance = new double[trials.Count];
        foreach (var parameter in space.Parameters)
        {
            if (parameter is not FixedParameter { Value: var value, Name: var name }) continue;
            if (value.IsNumber)
            {
                var (min, max) = (value.AsDouble(), value.AsDouble());
                foreach (var recorded in values)
                    if (recorded.TryGet(name, out var v) && v.IsNumber) (min, max) = (Math.Min(min, v.AsDouble()), Math.Max(max, v.AsDouble()));
                var log = min > 0 && max >= min * LogChoiceRatio;
                var at = Scale(value.AsDouble(), min, max, log);
                for (var i = 0; i < values.Count; i++)
                {
                    var delta = values[i].TryGet(name, out var v) && v.IsNumber ? Scale(v.AsDouble(), min, max, log) - at : 1;
                    distance[i] += delta * delta;
                }
            }
            else
            {
                for (var i = 0; i < values.Count; i++)
                    distance[i] += values[i].TryGet(name, out var v) && Same(v, value) ? 0 : 1;
            }
        }
        var least = distance.Min();
        return [.. trials.Where((_, i) => distance[i] == least)];
    }

    /// <summary>The tuned hyperparameters of <paramref name="space"/> (fixed ones take no part), in spec order.</summary>
    private static Dimension[] Dimensions(SearchSpace space)
    {
        var dimensions = new List<Dimension>();
        foreach (var parameter in space.Parameters)
        {
            switch (parameter)
            {
                case IntParameter p:
                    dimensions.Add(new Dimension(parameter, false, p.Min, p.Max, p.Sampling == Sampling.Log));
                    break;
                case FloatParameter p:
                    dimensions.Add(new Dimension(parameter, false, p.Min, p.Max, p.Sampling == Sampling.Log));
                    break;
                case ChoiceParameter choice when choice.Values.All(v => v.IsNumber):
                {
                    var (min, max) = (choice.Values.Min(v => v.AsDouble()), choice.Values.Max(v => v.AsDouble()));
                    dimensions.Add(new Dimension(parameter, false, min, max, min > 0 && max >= min * LogChoiceRatio));
                    break;
                }
                case ChoiceParameter:
                    dimensions.Add(new Dimension(parameter, true, 0, 0, false));
                    break;
            }
        }
        return [.. dimensions];
    }

    /// <summary>A configuration's coordinates: numbers (numeric choices too) normalized over their range, a choice of
    /// other values as its index (compared for equality only; −1 when it is none of them).</summary>
    private static double[] Coordinates(Dimension[] dimensions, Hyperparameters configuration, string at)
    {
        var coordinates = new double[dimensions.Length];
        for (var d = 0; d < dimensions.Length; d++)
        {
            var (parameter, categorical, min, max, log) = dimensions[d];
            if (!configuration.TryGet(parameter.Name, out var value))
                throw new InvalidInputException($"{at}: has no hyperparameter \"{parameter.Name}\" (searchSpace.{parameter.Name}); record the curves with a search over the job's hyperparameters");
            coordinates[d] = categorical
                ? IndexOf(((ChoiceParameter)parameter).Values, value)
                : Normalize(Number(value, parameter.Name, at), dimensions[d], at);
        }
        return coordinates;
    }

    /// <summary>The index of the first of <paramref name="values"/> that is <paramref name="value"/> (numbers by value:
    /// 16.0 is 16); −1 when none is.</summary>
    private static int IndexOf(IReadOnlyList<HyperparameterValue> values, HyperparameterValue value)
    {
        for (var i = 0; i < values.Count; i++)
            if (Same(values[i], value)) return i;
        return -1;
    }

    private static bool Same(HyperparameterValue a, HyperparameterValue b) =>
        a.Equals(b) || (a.IsNumber && b.IsNumber && a.AsDouble() == b.AsDouble());

    private static double Number(HyperparameterValue value, string name, string at) =>
        value.IsNumber ? value.AsDouble() : throw new InvalidInputException($"{at}: \"{name}\" is {value}, not a number as searchSpace.{name} is");

    private static double Normalize(double value, Dimension dimension, string at)
    {
        var (parameter, _, min, max, log) = dimension;
        if (log && value <= 0)
        {
            var why = parameter is ChoiceParameter ? "a choice of positive numbers spanning two decades or more, compared in log space" : "log-sampled";
            throw new InvalidInputException($"{at}: \"{parameter.Name}\" is {value}; searchSpace.{parameter.Name} is {why}, so recorded values must be > 0");
        }
        return Scale(value, min, max, log);
    }

    /// <summary><paramref name="value"/> in [0, 1] over [<paramref name="min"/>, <paramref name="max"/>] (outside when it
    /// lies outside); a range of one value maps it to 0 and any other value to 1.</summary>
    private static double Scale(double value, double min, double max, bool log)
    {
        if (max <= min) return value == min ? 0 : 1;
        return log ? (Math.Log(value) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)) : (value - min) / (max - min);
    }

    /// <summary>The history's epochs 1, 2, … while each is present, in order, with a finite objective.</summary>
    private static List<EpochMetrics> Curve(JsonElement history, ObjectiveKind objective)
    {
        var epochs = new SortedDictionary<int, EpochMetrics>();
        foreach (var element in history.EnumerateArray())
        {
            EpochMetrics? metrics;
            try
            {
                metrics = element.Deserialize<EpochMetrics>();
            }
            catch (JsonException)
            {
                continue;
            }
            if (metrics is not null && metrics.Epoch >= 1) epochs[metrics.Epoch] = metrics;
        }
        var curve = new List<EpochMetrics>();
        for (var e = 1; epochs.TryGetValue(e, out var m) && m.Value(objective) is { } v && double.IsFinite(v) && double.IsFinite(m.Loss); e++)
            curve.Add(m);
        return curve;
    }

    private sealed record Recorded(double[] Coordinates, List<EpochMetrics> Curve, double SecondsPerEpoch);

    /// <summary>One tuned hyperparameter's coordinate: its value normalized over [<paramref name="Min"/>,
    /// <paramref name="Max"/>] (in log space when <paramref name="Log"/>), or, <paramref name="Categorical"/>, a choice's
    /// index.</summary>
    private sealed record Dimension(ParameterSpec Parameter, bool Categorical, double Min, double Max, bool Log);
}
