using System.Globalization;
using Tuner.Contracts.Jobs.Parsing;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Jobs;

/// <summary><c>tuner train --set NAME=VALUE …</c>: the search space's defaults with the given values put in.</summary>
/// <remarks>A set value must suit the hyperparameter (an integer for units, [0, 1) for dropout, …) but may lie
/// outside the search space's range: training one configuration by hand is the point.</remarks>
public static class HyperparameterOverrides
{
    /// <summary>The configuration, or <see cref="InvalidInputException"/> naming every bad <c>--set</c>.</summary>
    public static Hyperparameters Apply(JobSpec spec, IEnumerable<string> assignments)
    {
        var configuration = spec.SearchSpace.Defaults();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var where = $"--set {assignment}";
            var equals = assignment.IndexOf('=');
            if (equals <= 0)
            {
                problems.Add($"{where}: expected NAME=VALUE, e.g. --set units=128");
                continue;
            }
            var name = assignment[..equals].Trim();
            var text = assignment[(equals + 1)..].Trim();
            if (HyperparameterCatalog.Find(name) is not { } known)
            {
                problems.Add($"{where}: unknown hyperparameter{Suggestions.Hint(name, HyperparameterCatalog.Names)} (known: {string.Join(", ", HyperparameterCatalog.Names)})");
                continue;
            }
            if (name == HyperparameterCatalog.EmbeddingDimName && !spec.HasEmbedding)
            {
                // As the searchSpace refuses it: accepted, it was reported as set and changed nothing.
                problems.Add($"{where}: {HyperparameterCatalog.NoEmbedding}");
                continue;
            }
            if (!seen.Add(name))
            {
                problems.Add($"{where}: {name} is set twice; keep one");
                continue;
            }
            if (Read(known, text) is not { } value)
            {
                problems.Add($"{where}: {Expected(known)} (got \"{text}\")");
                continue;
            }
            if (known.Check(value) is { } problem)
            {
                problems.Add($"{where}: {name} {problem}");
                continue;
            }
            configuration = configuration.With(name, value);
        }
        return problems.Count > 0 ? throw new InvalidInputException(problems) : configuration;
    }

    private static HyperparameterValue? Read(KnownHyperparameter known, string text) => known.Domain switch
    {
        // As the spec reads numbers: 8.0 and 1e2 are the integers they write.
        HyperparameterDomain.Integer => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
            ? HyperparameterValue.Int(integer)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var whole) && double.IsFinite(whole) && whole == Math.Floor(whole) && Math.Abs(whole) < 1e15
                ? HyperparameterValue.Int((long)whole) : null,
        HyperparameterDomain.Real => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? HyperparameterValue.Float(number) : null,
        HyperparameterDomain.Boolean => text is "true" or "false" ? HyperparameterValue.Bool(text == "true") : null,
        _ => known.Words.Contains(text) ? HyperparameterValue.String(text) : null,
    };

    private static string Expected(KnownHyperparameter known) => known.Domain switch
    {
        HyperparameterDomain.Integer => $"{known.Name} must be an integer",
        HyperparameterDomain.Real => $"{known.Name} must be a finite number",
        HyperparameterDomain.Boolean => $"{known.Name} must be true or false",
        _ => $"{known.Name} must be one of {string.Join(", ", known.Words)}",
    };
}
