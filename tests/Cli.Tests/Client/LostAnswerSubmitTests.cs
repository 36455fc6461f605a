using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Api;
using Tuner.Cli.Tests.Commands;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Client;

/// <summary><c>tuner submit</c> whose answer is lost after the coordinator made the job (a connection cut by a proxy, a
/// fail-over): it sends the same submission again under the same Idempotency-Key and gets that job — one job, not two,
/// and no failure for a job that exists. The proxy is a real HTTP server between the client and a real coordinator.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class LostAnswerSubmitTests : IDisposable
{
    private readonly ApiServer _server;
    private readonly string _dir = Directory.CreateTempSubdirectory("tuner-lost-answer-").FullName;
    private readonly TcpListener _proxy = new(IPAddress.Loopback, 0);
    private readonly string _proxyUrl;
    private readonly ConcurrentQueue<(string? Key, int Status, string? Replayed)> _posts = new();
    private int _answersToLose;

    public LostAnswerSubmitTests(ApiServer server)
    {
        _server = server;
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", ApiServer.Token);
        _proxy.Start();
        _proxyUrl = $"http://127.0.0.1:{((IPEndPoint)_proxy.LocalEndpoint).Port}/";
        _ = ForwardAsync();
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TUNER_API_TOKEN", null);
        _proxy.Stop();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Forwards each request (a POST /api/jobs, one per connection) to the coordinator; while answers are to be
    /// lost, closes the client's connection once the coordinator has answered, as a cut network or a restarted proxy does.</summary>
    private async Task ForwardAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
        while (true)
        {
            TcpClient connection;
            try { connection = await _proxy.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            using (connection)
            {
                var stream = connection.GetStream();
                var (method, path, headers, body) = await ReadRequestAsync(stream);
                using var forwarded = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
                if (method == "POST")
                {
                    forwarded.Content = new ByteArrayContent(body);
                    forwarded.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(headers["content-type"]);
                }
                if (headers.GetValueOrDefault("authorization") is { } authorization) forwarded.Headers.TryAddWithoutValidation("Authorization", authorization);
                var key = headers.GetValueOrDefault("idempotency-key");
                if (key is not null) forwarded.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                using var answer = await http.SendAsync(forwarded);
                var answerBody = await answer.Content.ReadAsByteArrayAsync();
                if (method == "POST")
                {
                    _posts.Enqueue((key, (int)answer.StatusCode, answer.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed.Single() : null));
                    if (Interlocked.Decrement(ref _answersToLose) >= 0) continue; // the job exists; the client never hears of it
                }
                var head = $"HTTP/1.1 {(int)answer.StatusCode} {answer.ReasonPhrase}\r\nContent-Type: application/json\r\nContent-Length: {answerBody.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(answerBody);
            }
        }
    }

    private static async Task<(string Method, string Path, Dictionary<string, string> Headers, byte[] Body)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("the client closed the connection");
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Where(l => l.Contains(':'))
            .ToDictionary(l => l[..l.IndexOf(':')].Trim().ToLowerInvariant(), l => l[(l.IndexOf(':') + 1)..].Trim());
        var body = new byte[headers.TryGetValue("content-length", out var length) ? int.Parse(length) : 0];
        await stream.ReadExactlyAsync(body);
        return (requestLine[0], requestLine[1], headers, body);
    }

    [Fact]
    public async Task A_submission_whose_answer_was_lost_is_sent_again_under_its_key_and_makes_one_job()
    {
        _answersToLose = 2;
        var spec = Path.Combine(_dir, "job.json");
        await File.WriteAllTextAsync(spec, ApiServer.Job("lost-answer"));

        var (code, output, error) = await CliRunner.RunAsync(["submit", spec, "--server", _proxyUrl]);

        Assert.True(code == 0, $"exit {code}: {output} {error}");
        var id = output.Trim();
        Assert.Matches("^lost-answer-[0-9a-f]{6}$", id);
        Assert.Contains("sending the same submission again in 1 s", error);
        var posts = _posts.ToArray();
        Assert.Equal(3, posts.Length);
        Assert.Single(posts.Select(p => p.Key).Distinct());
        Assert.Matches("^[0-9a-f-]{36}$", posts[0].Key);
        Assert.Equal([(201, null), (201, "true"), (201, "true")], posts.Select(p => (p.Status, p.Replayed)));
        var jobs = JsonNode.Parse((await _server.GetAsync("api/jobs")).Body)!["jobs"]!.AsArray();
        Assert.Equal([id], jobs.Select(j => (string?)j!["id"]).Where(j => j!.StartsWith("lost-answer-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_cuts_the_connection_and_is_no_coordinator_fails_at_once()
    {
        // An Akka port (the address a coordinator prints) ends every HTTP request as a lost answer does: submit tried it
        // again for two minutes, then said the job might exist.
        using var akkaLike = new TcpListener(IPAddress.Loopback, 0);
        akkaLike.Start();
        var port = ((IPEndPoint)akkaLike.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try { (await akkaLike.AcceptTcpClientAsync()).Dispose(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            }
        });
        var spec = Path.Combine(_dir, "job.json");
        await File.WriteAllTextAsync(spec, ApiServer.Job("not-a-coordinator"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await CliRunner.RunAsync(["submit", spec, "--server", $"http://127.0.0.1:{port}"]);
        Assert.True(code == 1, $"exit {code}: {output} {error}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}: {error}");
        Assert.Contains($"and http://127.0.0.1:{port}/healthz does not answer as a Tuner coordinator: is --server the coordinator's HTTP address (its --http, not its Akka port)?", error);
        Assert.DoesNotContain("sending the same submission again", error);
    }

    [Fact]
    public async Task Answers_lost_for_the_whole_window_end_in_a_failure_that_says_the_job_may_exist()
    {
        _answersToLose = int.MaxValue;
        using var client = new Tuner.Cli.Client.TunerApiClient(new Uri(_proxyUrl), ApiServer.Token);
        var failure = await Assert.ThrowsAsync<Tuner.Cli.Client.ApiUnavailableException>(() =>
            client.SubmitAsync(ApiServer.Job("lost-for-good"), CancellationToken.None, new Tuner.Cli.Client.ReconnectSchedule(TimeProvider.System, TimeSpan.FromSeconds(2))));
        Assert.Contains("s: the job may exist all the same (tuner jobs lists it), and submitting again makes another", failure.Message);
        Assert.True(_posts.Count >= 2, $"{_posts.Count} tries");
        var jobs = JsonNode.Parse((await _server.GetAsync("api/jobs")).Body)!["jobs"]!.AsArray();
        Assert.Single(jobs, j => ((string?)j!["id"])!.StartsWith("lost-for-good-", StringComparison.Ordinal));
    }
}
