using System.Text.Json;
using Tuner.Cli.Tests.Commands;

namespace Tuner.Cli.Tests.Logging;

/// <summary>A node logging JSON says a refused start as one JSON event (level Fatal, its exit code), not as plain lines
/// among its JSON ones, which a log shipper cannot parse; the default format and interactive commands keep plain lines.
/// (The process test CoordinatorStartFailureTests runs a real coordinator with a bad --db.)</summary>
public sealed class NodeFailureEventTests
{
    [Theory]
    [InlineData("--port: must be an integer from 0 to 65535 (got 'abc')", "coordinator", "--log-format", "json", "--port", "abc")]
    [InlineData("--seeds / TUNER_SEEDS: a worker needs the coordinators' addresses", "worker", "--log-format", "json", "--hostname", "127.0.0.1", "--management-port", "0")]
    [InlineData("--bogus", "worker", "--log-format", "json", "--bogus")]
    public async Task A_node_logging_json_says_a_refused_start_as_one_json_event(string problem, params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // every line is JSON
        var failure = Assert.Single(events, e => e.TryGetProperty("@l", out var level) && level.GetString() == "Fatal");
        Assert.Contains(problem, failure.GetProperty("@m").GetString());
        Assert.Equal(ExitCodes.InvalidInput, failure.GetProperty("ExitCode").GetInt32());
    }

    [Theory]
    [InlineData("--port: must be an integer from 0 to 65535 (got 'abc')", "coordinator", "--port", "abc")]
    [InlineData("error: --log-file: give a file name", "validate", "spec.json", "--log-format", "json", "--log-file", "")]
    public async Task The_text_format_and_interactive_commands_keep_plain_lines(string line, params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(line, error.Split('\n').Select(l => l.TrimEnd('\r')));
    }
}
