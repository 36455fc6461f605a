using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;

namespace Tuner.Worker;

/// <summary>Reads the job spec an assignment carries. The coordinator sends a csv or text job's spec without
/// its text (the data travels as a blob), which the strict parser would refuse; such a spec gets
/// <see cref="ContentFromBlob"/> as a stand-in until the dataset is fetched.</summary>
public static class AssignmentSpec
{
    /// <summary>Stands for CSV text that is to be fetched from the assignment's data blob.</summary>
    public const string ContentFromBlob = "(fetched from the data blob)";

    /// <exception cref="InvalidInputException">Not a valid job spec.</exception>
    public static JobSpec Parse(string specJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(specJson);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"the assignment's job spec is not JSON: {e.Message}");
        }
        if (root is JsonObject { } spec && spec["data"] is JsonObject data && IsFile(data) && data["content"] is null && data["path"] is null)
            data["content"] = ContentFromBlob;
        return JobSpecParser.Parse(root?.ToJsonString() ?? "null");
    }

    private static bool IsFile(JsonObject data) => data["kind"] is JsonValue kind && kind.TryGetValue<string>(out var word) && word is "csv" or "text";
}
