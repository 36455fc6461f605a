using System.Text.Json;
using Tuner.Contracts.Search;

namespace Tuner.Contracts.Tests.Search;

public sealed class HyperparametersTests
{
    private static readonly Hyperparameters Example = new([
        new("units", HyperparameterValue.Int(128)),
        new("dropout", HyperparameterValue.Float(0.1)),
        new("learning_rate", HyperparameterValue.Float(0.0031)),
        new("cell", HyperparameterValue.String("gru")),
        new("flag", HyperparameterValue.Bool(true)),
    ]);

    [Fact]
    public void Serializes_as_a_flat_object_in_order()
    {
        Assert.Equal("""{"units":128,"dropout":0.1,"learning_rate":0.0031,"cell":"gru","flag":true}""", JsonSerializer.Serialize(Example));
    }

    [Fact]
    public void Round_trips_through_System_Text_Json_keeping_kinds_and_order()
    {
        var copy = JsonSerializer.Deserialize<Hyperparameters>(JsonSerializer.Serialize(Example))!;
        Assert.Equal(Example, copy);
        Assert.Equal(["units", "dropout", "learning_rate", "cell", "flag"], copy.Names);
        Assert.Equal(HyperparameterKind.Int, copy["units"].Kind);
    }

    [Fact]
    public void Whole_floats_keep_their_kind_through_json()
    {
        var configuration = new Hyperparameters([new("dropout", HyperparameterValue.Float(0)), new("l2", HyperparameterValue.Float(2))]);
        var json = configuration.ToJson();
        Assert.Equal("""{"dropout":0.0,"l2":2.0}""", json);
        Assert.Equal(configuration, Hyperparameters.FromJson(json));
    }

    [Fact]
    public void Tiny_floats_use_an_exponent_and_round_trip_exactly()
    {
        var configuration = new Hyperparameters([new("learning_rate", HyperparameterValue.Float(1.2345678901234567e-5))]);
        Assert.Equal(configuration, Hyperparameters.FromJson(configuration.ToJson()));
        Assert.Contains("E-05", configuration.ToJson());
    }

    [Fact]
    public void Round_trips_inside_a_record_with_default_options()
    {
        var message = new Carrier("t-0001", Example);
        var copy = JsonSerializer.Deserialize<Carrier>(JsonSerializer.Serialize(message))!;
        Assert.Equal(message, copy);
    }

    [Fact]
    public void Equality_is_by_ordered_entries_and_kind()
    {
        var a = new Hyperparameters([new("units", HyperparameterValue.Int(1)), new("dropout", HyperparameterValue.Float(0.5))]);
        var sameEntries = new Hyperparameters([new("units", HyperparameterValue.Int(1)), new("dropout", HyperparameterValue.Float(0.5))]);
        var otherKind = new Hyperparameters([new("units", HyperparameterValue.Float(1)), new("dropout", HyperparameterValue.Float(0.5))]);
        Assert.Equal(a, sameEntries);
        Assert.Equal(a.GetHashCode(), sameEntries.GetHashCode());
        Assert.NotEqual(a, otherKind);
        Assert.True(a == sameEntries);
    }

    [Fact]
    public void With_replaces_in_place_or_appends()
    {
        var changed = Example.With("dropout", HyperparameterValue.Float(0.2)).With("l2", HyperparameterValue.Float(0.01));
        Assert.Equal(["units", "dropout", "learning_rate", "cell", "flag", "l2"], changed.Names);
        Assert.Equal(0.2, changed["dropout"].AsDouble());
        Assert.Equal(0.1, Example["dropout"].AsDouble());
    }

    [Theory]
    [InlineData("""{"units": {"x": 1}}""", "units: must be a number, string or boolean, not an object")] // said "not StartObject"
    [InlineData("""{"units": 1, "cell": [1]}""", "cell: must be a number, string or boolean, not a list")]
    [InlineData("""{"units": null}""", "units: must be a number, string or boolean, not null")]
    public void A_value_of_the_wrong_kind_is_named_in_words(string json, string expected)
    {
        Assert.Equal(expected, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Hyperparameters>(json)).Message);
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Hyperparameters([new("units", HyperparameterValue.Int(1)), new("units", HyperparameterValue.Int(2))]));
        Assert.Throws<JsonException>(() => Hyperparameters.FromJson("""{"units":1,"units":2}"""));
    }

    [Fact]
    public void Values_refuse_non_finite_floats_and_wrong_kind_reads()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperparameterValue.Float(double.NaN));
        Assert.Throws<InvalidOperationException>(() => HyperparameterValue.String("x").AsDouble());
        Assert.Equal(3.0, HyperparameterValue.Int(3).AsDouble());
        Assert.Equal(HyperparameterValue.Float(0.0), HyperparameterValue.Float(-0.0));
    }

    private sealed record Carrier(string TrialId, Hyperparameters Hyperparameters);
}
