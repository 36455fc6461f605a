using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tuner.Contracts.Results;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Api;

/// <summary>The query of <c>GET /api/jobs/{id}/trials</c> (<c>offset</c>, <c>limit</c>, <c>sort</c>, <c>history</c>) and
/// of <c>/results</c> (<c>history</c>), checked: every problem is one message naming the parameter and what it takes.</summary>
public static class TrialsQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <summary>The page <paramref name="query"/> asks for, or null with every problem in <paramref name="errors"/>.</summary>
    public static GetTrials? Read(string jobId, IQueryCollection query, out List<string> errors)
    {
        errors = [];
        var offset = Integer(query, "offset", 0, 0, int.MaxValue, $"offset must be an integer from 0 to {int.MaxValue}", errors);
        var limit = Integer(query, "limit", DefaultLimit, 1, MaxLimit, $"limit must be 1..{MaxLimit}", errors);
        var history = History(query, errors);
        var order = TrialOrder.Default;
        if (Single(query, "sort", errors) is { } sort)
        {
            if (TrialOrder.Parse(sort, out var error) is { } parsed) order = parsed;
            else errors.Add($"{error} (got '{ApiResults.Printable(sort)}')");
        }
        return errors.Count == 0 ? new GetTrials(jobId, offset, limit, order.ToString(), history) : null;
    }

    /// <summary><c>history</c>: <c>true</c> or <c>false</c> (default <paramref name="fallback"/>); a problem in <paramref name="errors"/>.</summary>
    public static bool History(IQueryCollection query, out List<string> errors, bool fallback)
    {
        errors = [];
        return History(query, errors, fallback);
    }

    private static bool History(IQueryCollection query, List<string> errors, bool fallback = false)
    {
        var text = Single(query, "history", errors);
        if (text is null) return fallback;
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        errors.Add($"history must be true or false (got '{ApiResults.Printable(text)}')");
        return fallback;
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, int max, string rule, List<string> errors)
    {
        var text = Single(query, name, errors);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"{rule} (got {ApiResults.Printable(text)})");
        return fallback;
    }

    /// <summary>The parameter's one value; null when absent. Given twice (or empty) is a problem: which one was meant is unclear.</summary>
    private static string? Single(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count == 1 && !string.IsNullOrEmpty(values[0])) return values[0];
        errors.Add(values.Count > 1 ? $"{name} is given {values.Count} times; give it once" : $"{name} is empty; give a value or leave it out");
        return null;
    }
}
