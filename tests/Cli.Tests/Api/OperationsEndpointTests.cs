using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tuner.Cli.Tests.Api;

/// <summary>The operations endpoints of a real coordinator process and its worker process (PRODUCT.md §9): the probes on
/// every node's management port and <c>PUT /api/datasets</c> (an upload's id is its SHA-256, a job names it, and a dataset over the limit is a 413
/// with the limit and the variable that raises it, to .NET's HttpClient and to curl alike). <c>/metrics</c>: Metrics/MetricsEndpointTests.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class OperationsEndpointTests(ApiServer server)
{
    [Fact]
    public async Task Every_node_answers_its_probes_on_its_management_port()
    {
        foreach (var (node, url) in new[] { ("coordinator", server.CoordinatorManagement), ("worker", server.WorkerManagement) })
        {
            foreach (var (path, state) in new[] { ("/alive", "alive"), ("/ready", "ready") })
            {
                // No token: the kubelet sends none.
                var (status, body, _) = await server.GetAsync(url + path, server.Anonymous);
                Assert.True(status == 200, $"{node} {path}: {status} {body}");
                Assert.Equal(state, (string?)JsonNode.Parse(body)!["status"]);
                using var head = await server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, url + path));
                Assert.True(head.StatusCode == HttpStatusCode.OK, $"{node} HEAD {path}: {head.StatusCode}");
            }
            // Another path answers with a message naming what the port serves (it was an empty 404).
            var (missing, missingBody, _) = await server.GetAsync(url + "/nothing", server.Anonymous);
            Assert.Equal(404, missing);
            Assert.StartsWith("no such endpoint: GET /nothing; the management port serves /alive, /ready, /metrics", Assert.Single(ApiServer.Errors(missingBody)));
        }
    }

    [Fact]
    public async Task A_dataset_is_stored_under_its_sha256_and_a_job_naming_it_runs()
    {
        var csv = Encoding.UTF8.GetBytes(ApiEndpointTests.Csv(80));
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(csv));
        Assert.Equal(404, (await server.GetAsync($"api/datasets/{expected}")).Status);

        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var put = await server.Http.PutAsync("api/datasets", content);
        var body = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(expected, (string?)JsonNode.Parse(body)!["id"]);
        Assert.Equal(csv.Length, (long)JsonNode.Parse(body)!["bytes"]!);
        var (status, got, _) = await server.GetAsync($"api/datasets/{expected}");
        Assert.Equal(200, status);
        Assert.Equal(csv.Length, (long)JsonNode.Parse(got)!["bytes"]!);

        var id = await server.SubmitAsync(ApiEndpointTests.CsvJob("dataset-job", $"\"dataset\": \"{expected}\""));
        Assert.Equal("completed", (string?)(await server.WaitForEndAsync(id))["status"]);

        // A dataset this coordinator does not have, or a spec naming one wrongly, is refused with the fix.
        var missing = "sha256:" + new string('0', 64);
        var (code, refused, _) = await server.PostAsync("api/jobs", ApiEndpointTests.CsvJob("no-dataset", $"\"dataset\": \"{missing}\""));
        Assert.Equal(400, code);
        Assert.Contains($"data.dataset: no dataset {missing} on this coordinator; upload the CSV first with PUT /api/datasets", Assert.Single(ApiServer.Errors(refused)));
        (code, refused, _) = await server.PostAsync("api/jobs", ApiEndpointTests.CsvJob("bad-dataset", "\"dataset\": \"data.csv\""));
        Assert.Equal(400, code);
        Assert.Contains("data.dataset: 'data.csv' is not a dataset id", string.Join("\n", ApiServer.Errors(refused)));
        // A dataset whose CSV does not fit the spec is refused as an inline one would be (the column is named).
        (code, refused, _) = await server.PostAsync("api/jobs", ApiEndpointTests.CsvJob("wrong-column", $"\"dataset\": \"{expected}\"").Replace("\"target\": \"temperature\"", "\"target\": \"rain\""));
        Assert.Equal(400, code);
        Assert.Contains("column 'rain' (target) not found", string.Join("\n", ApiServer.Errors(refused)));
    }

    [Fact]
    public async Task A_compressed_dataset_is_a_415_not_stored_as_its_compressed_bytes()
    {
        // It was stored (201) as the gzip bytes; a job naming it then failed with "is not UTF-8 text".
        using var content = HostileInputTests.Gzipped(ApiEndpointTests.Csv(80), "text/csv")();
        using var put = await server.Http.PutAsync("api/datasets", content);
        var body = await put.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, put.StatusCode);
        Assert.Contains("Content-Encoding 'gzip' is not supported; send the CSV uncompressed", Assert.Single(ApiServer.Errors(body)));
    }

    [Fact]
    public async Task A_dataset_labelled_with_a_charset_other_than_utf8_is_a_415_and_not_stored()
    {
        // It was stored (201) as its Latin-1 bytes; a job naming it then failed with "is not UTF-8 text".
        var csv = Encoding.Latin1.GetBytes(ApiEndpointTests.Csv(80).Replace("temperature", "température", StringComparison.Ordinal));
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=ISO-8859-1");
        using var put = await server.Http.PutAsync("api/datasets", content);
        var body = await put.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, put.StatusCode);
        Assert.Equal("Content-Type charset 'ISO-8859-1' is not supported; send the CSV as UTF-8 (charset=utf-8, or no charset), e.g. converted with iconv -f ISO-8859-1 -t utf-8",
            Assert.Single(ApiServer.Errors(body)));
        var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(csv));
        Assert.Equal(404, (await server.GetAsync($"api/datasets/{id}")).Status);
    }

    [Fact]
    public async Task A_dataset_of_exactly_the_limit_sent_chunked_is_stored()
    {
        // A CSV of exactly the limit in 4 KiB chunks (about 6 KiB of chunk framing on top): Kestrel's own limit
        // counted the framing and refused it with 413.
        var row = "1,20.5\n"u8.ToArray();
        var csv = new byte[ApiServer.DatasetLimit];
        "day,temperature\n"u8.CopyTo(csv);
        for (var at = 16; at < csv.Length; at++) csv[at] = row[(at - 16) % row.Length];
        using var content = new ChunkedContent(csv, 4096, "text/csv");
        using var put = await server.Http.PutAsync("api/datasets", content);
        var body = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal(ApiServer.DatasetLimit, (long)JsonNode.Parse(body)!["bytes"]!);
    }

    [Fact]
    public async Task A_dataset_over_the_limit_is_a_413_naming_the_limit_and_its_variable_for_HttpClient_and_curl()
    {
        var path = Path.Combine(server.Bed.Directory, "too-big.csv");
        await File.WriteAllBytesAsync(path, new byte[ApiServer.DatasetLimit + 1]);
        var limitMessage = $"exceeds the coordinator's limit of {ApiServer.DatasetLimit} bytes (2 MiB); raise TUNER_MAX_DATASET_BYTES on the coordinator to upload it";

        // HttpClient with the length known (what tuner submit sends).
        await using (var file = File.OpenRead(path))
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, "api/datasets") { Content = new StreamContent(file) };
            request.Headers.ExpectContinue = true;
            using var response = await server.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains(limitMessage, Assert.Single(ApiServer.Errors(body)));
        }

        // curl, as a user without the CLI would upload (it sends Expect: 100-continue for a body this size).
        var curl = Process.Start(new ProcessStartInfo("curl", ["-sS", "-X", "PUT", "-H", $"Authorization: Bearer {ApiServer.Token}", "-H", "Content-Type: text/csv",
            "--data-binary", "@" + path, "-w", "\n%{http_code}", server.Url + "/api/datasets"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        var error = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl failed ({curl.ExitCode}): {error}");
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("413", lines[^1]);
        Assert.Contains(limitMessage, Assert.Single(ApiServer.Errors(string.Join('\n', lines[..^1]))));
    }
}
