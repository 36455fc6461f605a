using System.Text;
using System.Text.Json.Nodes;

namespace Tuner.Cli.Tests.Processes;

/// <summary>The API calls and polling that the process tests' harnesses (<see cref="ClusterTestBed"/>, the
/// Kubernetes rehearsal's loopback cluster) share; each harness says which node it asks and what it adds to a
/// timeout's message.</summary>
internal static class Polling
{
    /// <summary>Submits <paramref name="spec"/> to the API at <paramref name="api"/>; returns the job id.</summary>
    public static async Task<string> SubmitAsync(HttpClient http, string api, string spec)
    {
        using var response = await http.PostAsync(api + "/api/jobs", new StringContent(spec, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    /// <summary>GET as JSON, or null on any failure (node down, 503 during a fail-over, …).</summary>
    public static async Task<JsonNode?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="getJob"/> (null: no answer this time) until the job's summary meets
    /// <paramref name="condition"/>; returns that summary. A timeout's message shows the last summary seen.</summary>
    public static async Task<JsonNode> WaitForJobAsync(Func<Task<JsonNode?>> getJob, Func<JsonNode, bool> condition, TimeSpan timeout, string what, Func<string> diagnostics)
    {
        JsonNode? last = null;
        await Until(async () =>
        {
            last = await getJob() ?? last;
            return last is not null && condition(last);
        }, timeout, () => what + (last is null ? "" : $" (last: {last.ToJsonString()})"), diagnostics);
        return last!;
    }

    /// <summary>Checks <paramref name="condition"/> every 250 ms until it holds; on timeout throws with
    /// <paramref name="what"/> (read then, so it can show the last state) and the harness's diagnostics.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds:F0} s waiting for {what()}\n{diagnostics()}");
    }
}
