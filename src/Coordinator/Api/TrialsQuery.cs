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
        var offset = QueryParameters.Integer(query, "offset", 0, 0, int.MaxValue, errors);
        var limit = QueryParameters.Integer(query, "limit", DefaultLimit, 1, MaxLimit, errors);
        var history = QueryParameters.Flag(query, "history", false, errors);
        var order = TrialOrder.Default;
        if (QueryParameters.Single(query, "sort", errors) is { } sort)
        {
            if (TrialOrder.Parse(sort, out var error) is { } parsed) order = parsed;
            else errors.Add($"{error} (got '{Contracts.EchoedText.Of(sort)}')");
        }
        return errors.Count == 0 ? new GetTrials(jobId, offset, limit, order.ToString(), history) : null;
    }

    /// <summary>The <c>sort</c> asked for when it orders by a hyperparameter (which only the job can check), else null.</summary>
    public static string? HyperparameterSort(IQueryCollection query) =>
        query["sort"] is [{ } sort] && TrialOrder.Parse(sort, out _) is { } order && order.Key.StartsWith(TrialOrder.HyperparameterPrefix, StringComparison.Ordinal)
            ? order.ToString() : null;

    /// <summary><c>history</c>: <c>true</c> or <c>false</c> (default <paramref name="fallback"/>); a problem in <paramref name="errors"/>.</summary>
    public static bool History(IQueryCollection query, out List<string> errors, bool fallback)
    {
        errors = [];
        return QueryParameters.Flag(query, "history", fallback, errors);
    }
}
