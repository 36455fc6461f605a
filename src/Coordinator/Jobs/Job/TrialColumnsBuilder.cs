using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;
using Tuner.Contracts.Search;

namespace Tuner.Coordinator.Jobs.Job;

/// <summary>results.json's trials as <see cref="TrialColumns"/> (no histories, words listed once): the scatter plots'
/// points and report.html's table. Pure: the job actor answers <c>GET /api/jobs/{id}/points</c> with it.</summary>
public static class TrialColumnsBuilder
{
    public static TrialColumns Build(IReadOnlyList<TrialResult> trials, string objective, IReadOnlyList<SearchDimension>? space, long version)
    {
        int n = trials.Count;
        var ids = new List<string>(n);
        var statusWords = new Words();
        var status = new List<int>(n);
        var epochs = new List<int>(n);
        var bracket = new List<int?>(n);
        var round = new List<int?>(n);
        var workerWords = new Words();
        var worker = new List<int>(n);
        var seconds = new List<float>(n);
        List<TrialError>? errors = null;
        bool accuracy = objective.EndsWith("accuracy", StringComparison.Ordinal);
        foreach (var t in trials) accuracy |= t.ValAccuracy is not null || t.Accuracy is not null;
        var metricNames = accuracy ? new[] { "val_loss", "loss", "val_accuracy", "accuracy" } : ["val_loss", "loss"];
        var metrics = metricNames.Select(_ => new List<float?>(n)).ToArray();

        for (int i = 0; i < n; i++)
        {
            var t = trials[i];
            ids.Add(t.TrialId);
            status.Add(statusWords.Code(t.Status));
            for (int m = 0; m < metricNames.Length; m++) metrics[m].Add(Single(ObjectiveValues.Of(t, metricNames[m])));
            epochs.Add(t.Epochs);
            bracket.Add(t.Bracket);
            round.Add(t.Round);
            worker.Add(t.Worker is null ? -1 : workerWords.Code(t.Worker));
            seconds.Add((float)t.Seconds);
            if (t.Error is not null) (errors ??= []).Add(new TrialError(i, t.Error));
        }

        return new TrialColumns(objective, version, ids.ToValueList(), statusWords.List(), status.ToValueList(),
            metricNames.Select((name, m) => new MetricColumn(name, metrics[m].ToValueList())).ToValueList(),
            epochs.ToValueList(), bracket.ToValueList(), round.ToValueList(), workerWords.List(), worker.ToValueList(), seconds.ToValueList(),
            Names(trials, space).Select(name => Column(trials, name)).ToValueList(), errors?.ToValueList(), space?.ToValueList());
    }

    /// <summary>A metric in single precision (what the page shows); NaN and infinities as not measured.</summary>
    private static float? Single(double? v) => v is { } x && double.IsFinite(x) ? (float)x : null;

    /// <summary>The search space's names in its order; for older results without one, every name the trials have.</summary>
    private static IEnumerable<string> Names(IReadOnlyList<TrialResult> trials, IReadOnlyList<SearchDimension>? space)
    {
        if (space is { Count: > 0 }) return space.Select(d => d.Name);
        var names = new List<string>();
        foreach (var t in trials)
            foreach (var name in t.Hyperparameters.Names)
                if (!names.Contains(name)) names.Add(name);
        return names;
    }

    /// <summary>Numbers when every value the trials have is a number, else words.</summary>
    private static HyperparameterColumn Column(IReadOnlyList<TrialResult> trials, string name)
    {
        bool numeric = true;
        foreach (var t in trials)
            if (t.Hyperparameters.TryGet(name, out var v) && !v.IsNumber) { numeric = false; break; }
        if (numeric)
        {
            var numbers = new List<float?>(trials.Count);
            foreach (var t in trials) numbers.Add(t.Hyperparameters.TryGet(name, out var v) ? (float)v.AsDouble() : null);
            return new HyperparameterColumn(name, Numbers: numbers.ToValueList());
        }
        var words = new Words();
        var codes = new List<int>(trials.Count);
        foreach (var t in trials) codes.Add(t.Hyperparameters.TryGet(name, out var v) ? words.Code(v.ToString()) : -1);
        return new HyperparameterColumn(name, Words: words.List(), Codes: codes.ToValueList());
    }

    /// <summary>Words listed once, in order of first use.</summary>
    private sealed class Words
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _words = [];

        public int Code(string word)
        {
            if (_codes.TryGetValue(word, out var code)) return code;
            _codes[word] = _words.Count;
            _words.Add(word);
            return _words.Count - 1;
        }

        public ValueList<string> List() => _words.ToValueList();
    }
}
