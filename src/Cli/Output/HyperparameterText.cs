using Tuner.Contracts.Search;

namespace Tuner.Cli.Output;

/// <summary>A configuration as people read it in a table cell or a progress line.</summary>
internal static class HyperparameterText
{
    /// <summary><c>units=64 dropout=0.1 learning_rate=0.00475</c>.</summary>
    public static string Compact(Hyperparameters hyperparameters) =>
        string.Join(" ", hyperparameters.Select(p => $"{p.Key}={Value(p.Value)}"));

    /// <summary><c>units=64 dropout=0.1 lr=0.00475</c>: long names shortened, for a line per running trial.</summary>
    public static string Short(Hyperparameters hyperparameters) =>
        string.Join(" ", hyperparameters.Select(p => $"{ShortName(p.Key)}={Value(p.Value)}"));

    private static string ShortName(string name) => name switch
    {
        "learning_rate" => "lr",
        "recurrent_dropout" => "rdrop",
        "embedding_dim" => "emb",
        _ => name,
    };

    /// <summary>Floats to three significant digits; integers, booleans and choices as they are.</summary>
    public static string Value(HyperparameterValue value) => value.Kind switch
    {
        HyperparameterKind.Float => Significant.Of(value.AsDouble(), 3),
        HyperparameterKind.String => value.AsString(),
        _ => value.ToString(),
    };
}
