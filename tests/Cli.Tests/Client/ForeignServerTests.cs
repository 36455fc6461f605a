using System.Net;
using System.Text;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Client;

/// <summary>The client against an HTTP server that is not a Tuner coordinator but answers JSON of a similar shape: each
/// command says so (exit 1), without .NET type names and without printing half a summary first.</summary>
public sealed class ForeignServerTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url;

    public ForeignServerTests()
    {
        var port = TunerProcess.FreePort();
        _url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = ServeAsync();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var body = context.Request.Url!.AbsolutePath switch
            {
                "/api/jobs" => """{"jobs": [{"id": "def"}]}""",
                "/api/jobs/def" => """{"id": "def"}""",
                "/api/jobs/def/results" => """{"trials": "many"}""",
                _ => """{"hello": "world"}""",
            };
            if (context.Request.Url!.AbsolutePath == "/api/workers")
            {
                // What most web servers answer for a path they do not have.
                context.Response.StatusCode = 404;
                body = "<html><body><h1>Not Found</h1></body></html>";
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = context.Response.StatusCode == 404 ? "text/html" : "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    [Theory]
    [InlineData("status", "def", "api/jobs/def")]   // printed a partial summary, then "Object reference not set to an instance of an object"
    [InlineData("jobs", null, "api/jobs")]
    [InlineData("results", "def", "api/jobs/def/results")] // named System.Collections.Generic.IReadOnlyList`1[…]
    public async Task Each_command_says_the_server_is_not_a_tuner_coordinator(string command, string? id, string path)
    {
        string[] args = id is null ? [command, "--server", _url] : [command, id, "--server", _url];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == 1, $"exit {code}: {output} {error}");
        Assert.Equal("", output);
        Assert.Contains($"GET {_url}{path}: the answer is not what a Tuner server sends; is --server a Tuner coordinator?", error);
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("Object reference", error);
    }

    [Fact]
    public async Task A_4xx_without_a_coordinators_error_document_says_the_server_may_not_be_one()
    {
        // It said only "GET …/api/workers: the server answered 404 NotFound", as if the coordinator lacked the endpoint.
        var (code, output, error) = await CliRunner.RunAsync(["workers", "--server", _url]);
        Assert.True(code == 2, $"exit {code}: {output} {error}");
        Assert.Equal("", output);
        Assert.Contains($"GET {_url}api/workers: the server answered 404 NotFound without a Tuner coordinator's error document; " +
            "is --server a Tuner coordinator's HTTP address (its --http), and not another service or a proxy's?", error);
    }

    [Fact]
    public async Task Submit_says_the_server_is_not_a_tuner_coordinator()
    {
        // It printed "The given key was not present in the dictionary." (the answer has no "id"), exit 1.
        var spec = Path.Combine(Path.GetTempPath(), $"foreign-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(spec, Api.ApiServer.Job("foreign"));
        try
        {
            var (code, output, error) = await CliRunner.RunAsync(["submit", spec, "--server", _url]);
            Assert.True(code == 1, $"exit {code}: {output} {error}");
            Assert.Equal("", output);
            Assert.Contains($"POST {_url}api/jobs: the answer is not what a Tuner server sends; is --server a Tuner coordinator?", error);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    [Fact]
    public async Task An_https_server_url_for_a_plain_http_port_says_to_use_http()
    {
        // It printed SslStream's "Cannot determine the frame size or a corrupted frame was received".
        var https = _url.Replace("http://", "https://", StringComparison.Ordinal);
        var (code, output, error) = await CliRunner.RunAsync(["status", "def", "--server", https]);
        Assert.True(code == 1, $"exit {code}: {output} {error}");
        Assert.Contains($"GET {https}api/jobs/def failed: no TLS handshake there", error);
        Assert.Contains($"a Tuner coordinator serves plain HTTP: use {_url.TrimEnd('/')}, or the https:// address of the TLS proxy", error);
    }

    public void Dispose() => _listener.Close();
}
