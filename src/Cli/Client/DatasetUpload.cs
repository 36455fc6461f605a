using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Training;

namespace Tuner.Cli.Client;

/// <summary>How <c>tuner submit</c> sends a csv job's file: hashed here (SHA-256, streamed), uploaded with
/// <c>PUT /api/datasets</c> and a progress bar unless the coordinator already has that hash, then named in the spec as
/// <c>data.dataset</c> instead of <c>data.path</c>. So a job of any size submits, the file is never whole in memory on
/// either side, and submitting the same data again sends nothing.</summary>
internal static class DatasetUpload
{
    /// <summary>The spec to submit: a forecast's csv file uploaded and named as a dataset; any other file (a
    /// classification's CSV, a text to generate from) inlined in <c>data.content</c>, which the coordinator checks whole.</summary>
    public static async Task<string> PrepareAsync(string specJson, JobSpec spec, string baseDirectory, TunerApiClient client, CancellationToken ct)
    {
        if (spec.Task != TaskKind.Forecast || spec.Data is not CsvDataSpec { Path: { } relative, Content: null, Dataset: null, Target: not null } csv)
            return Inlined(specJson, spec, baseDirectory);
        var path = JobData.DataPath(relative, baseDirectory);
        // The coordinator checks the whole file; a missing column is found here before minutes of uploading.
        JobData.CheckCsvHeader(path, csv);
        await using var file = Open(path);
        var id = DatasetIds.Of(Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct)));
        var name = Path.GetFileName(path);
        if (await client.HasDatasetAsync(id, ct))
        {
            await Console.Error.WriteLineAsync($"{name}: the coordinator has it already ({id}), not uploading it again");
        }
        else
        {
            file.Position = 0;
            using var progress = new UploadProgress(name, file.Length, TerminalProfile.ForStandardError());
            var uploaded = await client.UploadDatasetAsync(file, file.Length, progress.Report, ct);
            if (uploaded != id)
                throw new ApiUnavailableException($"the coordinator stored {name} as {uploaded}, but its SHA-256 here is {id}: the file changed while it was sent, or the upload was altered on the way; submit again");
            progress.Done(id);
        }
        var root = JsonNode.Parse(specJson)!.AsObject();
        var data = root[SpecFields.Data]!.AsObject();
        data.Remove(SpecFields.Path);
        data[SpecFields.Dataset] = id;
        return root.ToJsonString();
    }

    private static FileStream Open(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidInputException($"data.path: cannot read {path}: {e.Message}"); }
    }

    /// <summary>The spec carrying its file's text in <c>data.content</c> (replacing <c>data.path</c>), so no node needs the
    /// submitter's disk.</summary>
    private static string Inlined(string specJson, JobSpec spec, string baseDirectory)
    {
        if (spec.Data is not FileDataSpec { Content: null }) return specJson;
        var text = JobData.ReadSourceText(spec, baseDirectory)!;
        var root = JsonNode.Parse(specJson)!.AsObject();
        var data = root["data"]!.AsObject();
        data.Remove("path");
        data["content"] = text;
        return root.ToJsonString();
    }
}
