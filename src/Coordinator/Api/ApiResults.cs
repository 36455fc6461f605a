using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Tuner.Contracts.Results;
using Tuner.Runtime.Serialization;

namespace Tuner.Coordinator.Api;

/// <summary>JSON answers of the API: documents with Tuner's serializer settings, problems as
/// <c>{"errors": ["…"]}</c> — always a message naming the problem, never a stack trace.</summary>
internal static class ApiResults
{
    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Text(JsonSerializer.Serialize(value, value.GetType(), TunerJsonSerializer.Options), "application/json", System.Text.Encoding.UTF8, status);

    /// <summary>A document written to the response as it is serialized (System.Text.Json flushes its buffer to the body as it
    /// fills), never built as one string: results.json of a 100,000-trial job is tens of megabytes. Without
    /// <paramref name="history"/>, trials leave out their <c>history</c>.</summary>
    public static IResult JsonStream(object value, bool history = true) =>
        Results.Stream(body => JsonSerializer.SerializeAsync(body, value, value.GetType(), history ? TunerJsonSerializer.Options : WithoutHistory),
            "application/json; charset=utf-8");

    /// <summary>Tuner's document settings, with the trials' <c>history</c> left out (<c>?history=false</c>).</summary>
    public static readonly JsonSerializerOptions WithoutHistory = CreateWithoutHistory();

    private static JsonSerializerOptions CreateWithoutHistory()
    {
        var options = new JsonSerializerOptions(TunerJsonSerializer.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type != typeof(TrialResult)) return;
                        for (var i = info.Properties.Count - 1; i >= 0; i--)
                            if (info.Properties[i].Name == "history") info.Properties.RemoveAt(i);
                    },
                },
            },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Messages keep their characters (a unicode field name reads as written); JSON's own escaping is enough
    /// for an application/json answer served with nosniff.</summary>
    private static readonly JsonSerializerOptions ErrorOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Errors(int status, params IEnumerable<string> errors) =>
        Results.Text(JsonSerializer.Serialize(new { errors = errors.ToArray() }, ErrorOptions), "application/json", System.Text.Encoding.UTF8, status);

    /// <summary>Routing leaves <c>%2F</c> encoded in a route value (<c>tuner status a/b</c> asks for <c>a%2Fb</c>); the
    /// message names the id as the user wrote it.</summary>
    public static IResult NotFound(string jobId) => Errors(StatusCodes.Status404NotFound, $"no job with id '{Contracts.EchoedText.Of(Uri.UnescapeDataString(jobId))}'");
}
