using System.Text.Json;
using Tuner.Runtime.Serialization;

namespace Tuner.Cli.Output;

/// <summary>JSON for people (the client commands' <c>--json</c>, results.json): the API's field names, indented.</summary>
internal static class ClientOutput
{
    private static readonly JsonSerializerOptions Indented = new(TunerJsonSerializer.Options) { WriteIndented = true };

    public static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), Indented);
}
