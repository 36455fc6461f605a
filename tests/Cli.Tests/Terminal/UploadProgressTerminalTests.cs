using Tuner.Cli.Tests.Api;

namespace Tuner.Cli.Tests.Terminal;

/// <summary><c>tuner submit</c> of a csv job in a real pseudo-terminal: the upload draws a progress bar redrawn in place
/// and leaves the final line (file, size, seconds, dataset id); piped, it prints plain lines (ClientCommandTests).</summary>
[Collection(ApiServerCollection.Name)]
public sealed class UploadProgressTerminalTests(ApiServer server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-upload-pty-").FullName;

    [Fact]
    public async Task Submit_in_a_terminal_draws_the_upload_bar_and_keeps_the_final_line()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "series.csv"), ApiEndpointTests.Csv(67)); // rows no other test uploads
        await File.WriteAllTextAsync(Path.Combine(_dir, "job.json"), ApiEndpointTests.CsvJob("pty-upload", "\"path\": \"series.csv\""));

        using var pty = PseudoTerminal.StartTuner(["submit", "job.json"], _dir,
            environment: new Dictionary<string, string?> { ["TUNER_SERVER"] = server.Url, ["TUNER_API_TOKEN"] = ApiServer.Token });
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, pty.Text);

        // The bar at 100 % in the terminal's glyphs, then the kept line with the dataset's id; the job id on stdout.
        // In the file's unit: a few hundred bytes were "0.0 of 0.0 MB".
        Assert.Matches(@"uploading series\.csv ━{24}\s+100% (\d+) of \1 bytes", pty.Text);
        // In the units that suit its size (a 48 KB file read "0.0 MB"; this one is a few hundred bytes).
        Assert.Matches(@"uploaded series\.csv: [\d.]+ (bytes|KiB|MiB) in \d+\.\d s as sha256:[0-9a-f]{64}", pty.Text);
        Assert.Matches(@"pty-upload-[0-9a-f]{6}", pty.Text);
        Assert.Contains("\r", pty.Raw); // redrawn in place, not one line per update
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
