using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Protocol;

namespace Tuner.Cli.Tests.Api;

/// <summary>One real coordinator process on 127.0.0.1 (API token set, a 1 MiB body limit) with one worker that
/// finishes trials at once, shared by the API, hostile-input, client and load tests: starting a node takes seconds.</summary>
public sealed class ApiServer : IAsyncLifetime
{
    public const string Token = "test-token-5b1f0c";
    public const long BodyLimit = 1 << 20;
    public const long DatasetLimit = 2 << 20;

    private readonly ClusterTestBed _bed = new();
    private ClusterTestBed.Coordinator? _coordinator;

    public string Url { get; private set; } = "";

    /// <summary>Sends the bearer token.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Sends no token.</summary>
    public HttpClient Anonymous { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    internal ClusterTestBed Bed => _bed;

    internal TunerProcess? Worker { get; private set; }

    internal TunerProcess CoordinatorProcess => _coordinator!.Process;

    /// <summary>The coordinator's and the worker's management endpoints (probes, metrics).</summary>
    internal string CoordinatorManagement => _bed.ManagementOf(_coordinator!.Process);

    internal string WorkerManagement => _bed.ManagementOf(Worker!);

    public async Task InitializeAsync()
    {
        _bed.Environment["TUNER_API_TOKEN"] = Token;
        _bed.Environment["TUNER_MAX_BODY_BYTES"] = BodyLimit.ToString();
        _bed.Environment["TUNER_MAX_DATASET_BYTES"] = DatasetLimit.ToString();
        var coordinator = _coordinator = _bed.StartCoordinator(Path.Combine(_bed.Directory, "tuner.db"));
        Url = coordinator.Api;
        Http.BaseAddress = Anonymous.BaseAddress = new Uri(Url + "/");
        Http.DefaultRequestHeaders.Authorization = _bed.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await _bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        Worker = _bed.StartWorker(coordinator.Seed, slots: 2, noopTrainer: true);
        await _bed.WaitReadyAsync(Worker, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        _bed.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A small random-search job named <paramref name="name"/> (the worker finishes it in moments).</summary>
    public static string Job(string name, int trials = 3, int epochs = 3) => $$"""
        {
          "name": "{{name}}",
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":         { "type": "int", "min": 4, "max": 16, "step": 4 },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 1e-1, "sampling": "log" },
            "cell":          { "type": "choice", "values": ["lstm", "gru"] }
          },
          "algorithm": { "type": "random", "maxTrials": {{trials}}, "epochs": {{epochs}} }
        }
        """;

    public async Task<(int Status, string Body, HttpResponseMessage Response)> PostAsync(string path, string body, string? contentType = "application/json", HttpClient? client = null)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        var response = await (client ?? Http).PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? Http).GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public Task<string> SubmitAsync(string spec) => _bed.SubmitAsync(_coordinator!, spec);

    /// <summary>Polls the job until its status is final; returns the last summary.</summary>
    public Task<JsonNode> WaitForEndAsync(string jobId, TimeSpan? timeout = null) =>
        _bed.WaitForJobAsync(Url, jobId, job => JobStatuses.IsFinal((string?)job["status"]), timeout ?? TimeSpan.FromSeconds(60), $"job {jobId} to end");

    /// <summary>The <c>errors</c> of a 4xx answer; fails when the body is not <c>{"errors": [...]}</c>.</summary>
    public static IReadOnlyList<string> Errors(string body)
    {
        var errors = JsonNode.Parse(body)?["errors"]?.AsArray();
        Assert.True(errors is { Count: > 0 }, $"expected {{\"errors\": [...]}}, got: {body}");
        return [.. errors!.Select(e => (string)e!)];
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServer>
{
    public const string Name = "api-server";
}
