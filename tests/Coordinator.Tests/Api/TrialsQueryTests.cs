using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tuner.Coordinator.Api;
using static Tuner.Contracts.Protocol.JobProtocol;

namespace Tuner.Coordinator.Tests.Api;

public sealed class TrialsQueryTests
{
    private static QueryCollection Query(params (string Name, string[] Values)[] parameters) =>
        new(parameters.ToDictionary(p => p.Name, p => new StringValues(p.Values)));

    private static QueryCollection Query(string name, string value) => Query((name, [value]));

    [Fact]
    public void Without_parameters_it_is_the_first_fifty_best_first_without_histories()
    {
        Assert.Equal(new GetTrials("j", 0, 50, "objective", false), TrialsQuery.Read("j", Query(), out var errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Every_parameter_is_read()
    {
        var query = Query(("offset", ["200"]), ("limit", ["1000"]), ("sort", ["-hp.units"]), ("history", ["TRUE"]));
        Assert.Equal(new GetTrials("j", 200, 1000, "-hp.units", true), TrialsQuery.Read("j", query, out _));
    }

    [Theory]
    [InlineData("limit", "5000", "limit must be an integer from 1 to 1000 (got '5000')")]
    [InlineData("limit", "0", "limit must be an integer from 1 to 1000 (got '0')")]
    [InlineData("limit", "ten", "limit must be an integer from 1 to 1000 (got 'ten')")]
    [InlineData("limit", "+5", "limit must be an integer from 1 to 1000 (got '+5')")]
    [InlineData("offset", "-1", "offset must be an integer from 0 to 2147483647 (got '-1')")]
    [InlineData("offset", "99999999999", "offset must be an integer from 0 to 2147483647 (got '99999999999')")]
    [InlineData("sort", "name", "sort must be objective, id, status, epochs, seconds or hp.<name>, with a leading - to reverse (got 'name')")]
    [InlineData("history", "yes", "history must be true or false (got 'yes')")]
    [InlineData("limit", "", "limit is empty; give a value or leave it out")]
    public void A_bad_value_is_refused_naming_the_parameter_and_what_it_takes(string name, string value, string message)
    {
        Assert.Null(TrialsQuery.Read("j", Query(name, value), out var errors));
        Assert.Equal(message, Assert.Single(errors));
    }

    [Fact]
    public void Every_problem_is_reported_and_a_parameter_given_twice_is_one()
    {
        var query = Query(("offset", ["x"]), ("limit", ["10", "20"]), ("sort", ["-"]));
        Assert.Null(TrialsQuery.Read("j", query, out var errors));
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("offset must be", errors[0]);
        Assert.Equal("limit is given 2 times; give it once", errors[1]);
        Assert.StartsWith("sort must be", errors[2]);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Results_history_defaults_to_true(string? value, bool expected)
    {
        var query = value is null ? Query() : Query("history", value);
        Assert.Equal(expected, TrialsQuery.History(query, out var errors, fallback: true));
        Assert.Empty(errors);
    }
}
