using System.Text.Json.Nodes;
using Tuner.Contracts.Jobs;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary>Makes a job carry its data: a csv or text job's file is read here and its text put in
/// <c>data.content</c> (replacing <c>data.path</c>), so no node needs the submitter's disk.</summary>
internal static class SpecInlining
{
    public static string WithInlineCsv(string specJson, JobSpec spec, string baseDirectory)
    {
        if (spec.Data is not FileDataSpec { Content: null }) return specJson;
        var csv = JobData.ReadSourceText(spec, baseDirectory)!;
        var root = JsonNode.Parse(specJson)!.AsObject();
        var data = root["data"]!.AsObject();
        data.Remove("path");
        data["content"] = csv;
        return root.ToJsonString();
    }
}
