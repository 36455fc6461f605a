using Tuner.Contracts.Collections;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>The dashboard's learning curves (<see cref="LearningCurves"/>) from results.json's trials: the best k trials'
/// curves and, per epoch, quantiles over every trial that reached it. Pure: the job actor answers
/// <c>GET /api/jobs/{id}/curves</c> with it, report.html inlines it.</summary>
public static class CurvesBuilder
{
    /// <summary>Why job <paramref name="jobId"/> cannot draw what is asked, or null: an accuracy its task does not record,
    /// or a trial (<paramref name="include"/>) it does not have.</summary>
    public static string? QueryProblem(string jobId, JobSpec spec, ObjectiveKind metric, IReadOnlyList<string>? include, Func<string, bool> hasTrial)
    {
        if (metric.IsAccuracy() && !spec.HasAccuracy)
            return $"metric {metric.Word()} is not recorded by a {spec.Task.Word()} job (it has no accuracy); use val_loss or loss";
        if (include?.FirstOrDefault(id => !hasTrial(id)) is { } unknown)
            return $"trial {Contracts.EchoedText.Of(unknown)} is not a trial of job {jobId}";
        return null;
    }

    /// <summary>How many best curves the dashboard draws unless asked otherwise.</summary>
    public const int DefaultBest = 50;

    /// <param name="trials">results.json's trials, with their histories.</param>
    /// <param name="objective">The job's objective: which trials are best.</param>
    /// <param name="metric">The metric to draw.</param>
    /// <param name="best">How many best trials get a line.</param>
    /// <param name="all">Every trial gets a line (after the best ones).</param>
    /// <param name="include">Trials that get a line whatever their rank (a focused one), after the best.</param>
    public static LearningCurves Build(IReadOnlyList<TrialResult> trials, ObjectiveKind objective, ObjectiveKind metric, int best, bool all = false,
        IReadOnlyCollection<string>? include = null)
    {
        // Rank: best objective first, ties by trial id (so the chosen k are stable between calls).
        var ranked = new List<(TrialResult Trial, double Value)>();
        foreach (var trial in trials)
            if (ObjectiveValues.Of(trial, objective.Word()) is { } value && double.IsFinite(value)) ranked.Add((trial, value));
        ranked.Sort((a, b) =>
        {
            var c = objective.CompareBestFirst(a.Value, b.Value);
            return c != 0 ? c : string.CompareOrdinal(a.Trial.TrialId, b.Trial.TrialId);
        });
        var rank = new Dictionary<string, int>(ranked.Count, StringComparer.Ordinal);
        for (int i = 0; i < ranked.Count; i++) rank[ranked[i].Trial.TrialId] = i + 1;

        var lines = new List<CurveLine>();
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        void Add(TrialResult trial)
        {
            if (!drawn.Add(trial.TrialId)) return;
            var line = Line(trial, objective, metric, rank.TryGetValue(trial.TrialId, out var r) ? r : null);
            if (line.Epochs.Count > 0) lines.Add(line);
        }
        for (int i = 0; i < ranked.Count && i < best; i++) Add(ranked[i].Trial);
        if (include is { Count: > 0 })
            foreach (var trial in trials) if (include.Contains(trial.TrialId)) Add(trial);
        if (all)
            foreach (var trial in trials) Add(trial);

        var (withCurve, band) = Band(trials, metric);
        return new LearningCurves(metric.Word(), objective.Word(), withCurve, best, lines.ToValueList(), band);
    }

    /// <summary>Per epoch, the quantiles of <paramref name="metric"/> over the trials with a finite value there.</summary>
    private static (int WithCurve, ValueList<EpochBand> Band) Band(IReadOnlyList<TrialResult> trials, ObjectiveKind metric)
    {
        var byEpoch = new SortedDictionary<int, List<double>>();
        int withCurve = 0;
        foreach (var trial in trials)
        {
            bool any = false;
            foreach (var epoch in trial.History)
            {
                if (epoch.Value(metric) is not { } v || !double.IsFinite(v)) continue;
                if (!byEpoch.TryGetValue(epoch.Epoch, out var values)) byEpoch[epoch.Epoch] = values = [];
                values.Add(v);
                any = true;
            }
            if (any) withCurve++;
        }
        var band = new List<EpochBand>(byEpoch.Count);
        foreach (var (epoch, values) in byEpoch)
        {
            values.Sort();
            band.Add(new EpochBand(epoch, values.Count, values[0], Quantile(values, 0.10), Quantile(values, 0.25), Quantile(values, 0.50),
                Quantile(values, 0.75), Quantile(values, 0.90), values[^1]));
        }
        return (withCurve, band.ToValueList());
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolated linearly between order statistics
    /// (NumPy's default, "linear"): position q·(n−1).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        var position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Count - 1) return sorted[^1];
        var fraction = position - below;
        return sorted[below] + (sorted[below + 1] - sorted[below]) * fraction;
    }

    private static CurveLine Line(TrialResult trial, ObjectiveKind objective, ObjectiveKind metric, int? rank)
    {
        var epochs = new List<int>(trial.History.Count);
        var values = new List<double>(trial.History.Count);
        foreach (var epoch in trial.History)
        {
            if (epoch.Value(metric) is not { } v || !double.IsFinite(v)) continue;
            epochs.Add(epoch.Epoch);
            values.Add(v);
        }
        return new CurveLine(trial.TrialId, trial.Status, ObjectiveValues.Of(trial, objective.Word()), rank, trial.Hyperparameters, epochs.ToValueList(), values.ToValueList());
    }
}
