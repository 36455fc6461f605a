using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tuner.Cli.Tests.Api;

/// <summary>Hostile and broken submissions against the running API: each is answered 400, 413 or 415 with a message
/// naming the problem — never a 500, never a stack trace — and the server stays healthy and accepts a valid job.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class HostileInputTests(ApiServer server)
{
    private const string Valid = """
        {"name": "hostile", "data": {"kind": "sine", "length": 200, "noise": 0.1}, "window": 5,
         "searchSpace": {"units": {"type": "int", "min": 4, "max": 16, "step": 4}},
         "algorithm": {"type": "random", "maxTrials": 2, "epochs": 2}}
        """;

    /// <summary>One hostile request: the body (text, raw bytes or a generated stream), its media type, and what the
    /// answer must be: the status and a fragment every reader needs (the field, or the problem).</summary>
    public sealed record Case(string Name, Func<HttpContent> Body, int Status, string Fragment)
    {
        public override string ToString() => Name;
    }

    private static Func<HttpContent> Json(string text) => () => new StringContent(text, Encoding.UTF8, "application/json");

    private static Func<HttpContent> Raw(byte[] bytes, string? mediaType = "application/json") => () =>
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    };

    /// <summary>A body compressed with gzip and labelled so (<c>Content-Encoding: gzip</c>).</summary>
    internal static Func<HttpContent> Gzipped(string text, string mediaType = "application/json") => () =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    };

    private static string With(string from, string to) =>
        Valid.Contains(from, StringComparison.Ordinal) ? Valid.Replace(from, to, StringComparison.Ordinal) : throw new ArgumentException(from);

    private static string Space(string entries) => With("""{"units": {"type": "int", "min": 4, "max": 16, "step": 4}}""", entries);

    private static string CsvData(string csv) =>
        With("""{"kind": "sine", "length": 200, "noise": 0.1}""", $$"""{"kind": "csv", "content": {{System.Text.Json.JsonSerializer.Serialize(csv)}}, "target": "temperature"}""");

    private static readonly string GoodCsv = ApiEndpointTests.Csv(40);

    public static IEnumerable<Case> All()
    {
        // Broken JSON
        yield return new("truncated JSON", Json(Valid[..60]), 400, "invalid JSON");
        yield return new("empty body", Json(""), 400, "the job spec is empty");
        yield return new("whitespace only", Json("  \n\t "), 400, "the job spec is empty");
        yield return new("JSON with comments", Json("// my job\n" + Valid), 400, "line 1, position 1: invalid JSON");
        yield return new("trailing comma", Json(Valid.TrimEnd()[..^1] + ",}"), 400, "invalid JSON");
        yield return new("deeply nested JSON", Json(new string('[', 100_000) + new string(']', 100_000)), 400, "nested too deeply");
        yield return new("raw NUL byte", Raw([.. Encoding.UTF8.GetBytes("{\"name\": \"a"), 0, .. Encoding.UTF8.GetBytes("b\"}")]), 400, "invalid JSON");
        yield return new("invalid UTF-8", Raw([.. Encoding.UTF8.GetBytes("{\"name\": \""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")]), 400, "not valid UTF-8");
        // Not a job spec
        yield return new("null document", Json("null"), 400, "must be a JSON object");
        yield return new("array document", Json("[1, 2, 3]"), 400, "must be a JSON object");
        yield return new("string document", Json("\"job\""), 400, "must be a JSON object");
        yield return new("NaN literal", Json(With("\"noise\": 0.1", "\"noise\": NaN")), 400, "NaN and Infinity are not JSON numbers");
        yield return new("Infinity literal", Json(With("\"noise\": 0.1", "\"noise\": Infinity")), 400, "NaN and Infinity are not JSON numbers");
        yield return new("-Infinity literal", Json(With("\"noise\": 0.1", "\"noise\": -Infinity")), 400, "NaN and Infinity are not JSON numbers");
        // Wrong types and values
        yield return new("name is a number", Json(With("\"name\": \"hostile\"", "\"name\": 42")), 400, "name:");
        yield return new("window is a string", Json(With("\"window\": 5", "\"window\": \"ten\"")), 400, "window: must be an integer");
        yield return new("window is fractional", Json(With("\"window\": 5", "\"window\": 5.5")), 400, "window: must be an integer");
        yield return new("huge number", Json(With("\"window\": 5", "\"window\": 1e400")), 400, "window:");
        yield return new("huge integer seed", Json(With("\"window\": 5", "\"window\": 5, \"seed\": 123456789012345678901234567890")), 400, "seed: is too large for an integer");
        yield return new("duplicate keys", Json(With("\"window\": 5", "\"window\": 5, \"window\": 6")), 400, "window: appears more than once");
        yield return new("unknown field", Json(With("\"window\": 5", "\"window\": 5, \"algoritm\": {}")), 400, "did you mean \"algorithm\"");
        yield return new("path-like name", Json(With("\"name\": \"hostile\"", "\"name\": \"../../etc/passwd\"")), 400, "name: must be 1-63 characters");
        yield return new("unicode name", Json(With("\"name\": \"hostile\"", "\"name\": \"sínus-ñ\"")), 400, "name: must be 1-63 characters");
        yield return new("escaped NUL in the name", Json(With("\"name\": \"hostile\"", "\"name\": \"a\\u0000b\"")), 400, "name:");
        yield return new("validationSplit of 1", Json(With("\"window\": 5", "\"window\": 5, \"validationSplit\": 1")), 400, "validationSplit: must be in [0, 1)");
        yield return new("negative batch size", Json(With("\"window\": 5", "\"window\": 5, \"batchSize\": -1")), 400, "batchSize:");
        yield return new("window longer than the series", Json(With("\"window\": 5", "\"window\": 500")), 400, "window: window 500");
        yield return new("unknown algorithm", Json(With("\"type\": \"random\"", "\"type\": \"smac\"")), 400, "algorithm.type:");
        yield return new("hyperband factor 1", Json(With("{\"type\": \"random\", \"maxTrials\": 2, \"epochs\": 2}", "{\"type\": \"hyperband\", \"maxEpochs\": 9, \"factor\": 1}")), 400, "algorithm.factor:");
        // Search spaces
        yield return new("empty search space", Json(Space("{}")), 400, "searchSpace:");
        yield return new("min > max", Json(Space("""{"units": {"type": "int", "min": 64, "max": 16}}""")), 400, "searchSpace.units");
        yield return new("negative step", Json(Space("""{"units": {"type": "int", "min": 4, "max": 16, "step": -4}}""")), 400, "searchSpace.units.step");
        yield return new("zero step", Json(Space("""{"dropout": {"type": "float", "min": 0, "max": 0.5, "step": 0}}""")), 400, "searchSpace.dropout.step");
        yield return new("log sampling with min 0", Json(Space("""{"learning_rate": {"type": "float", "min": 0, "max": 0.1, "sampling": "log"}}""")), 400, "searchSpace.learning_rate");
        yield return new("dropout of 1.5", Json(Space("""{"dropout": {"type": "float", "min": 0, "max": 1.5}}""")), 400, "searchSpace.dropout");
        yield return new("negative learning rate", Json(Space("""{"learning_rate": {"type": "fixed", "value": -0.01}}""")), 400, "searchSpace.learning_rate");
        yield return new("unknown hyperparameter", Json(Space("""{"unitz": {"type": "int", "min": 4, "max": 16}}""")), 400, "searchSpace.unitz");
        yield return new("unicode hyperparameter name", Json(Space("""{"ユニット": {"type": "int", "min": 4, "max": 16}}""")), 400, "searchSpace[\"ユニット\"]: unknown hyperparameter");
        yield return new("unknown entry type", Json(Space("""{"units": {"type": "integer", "min": 4, "max": 16}}""")), 400, "searchSpace.units.type");
        yield return new("empty choice", Json(Space("""{"cell": {"type": "choice", "values": []}}""")), 400, "searchSpace.cell.values");
        yield return new("10,000 search-space entries",
            Json(Space("{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"p{i}\": {{\"type\": \"int\", \"min\": 1, \"max\": 2}}")) + "}")), 400, "searchSpace:");
        // Data
        yield return new("CSV with text", Json(CsvData("day,temperature\n1,20\n2,warm\n3,22\n")), 400, "line 3");
        yield return new("CSV with NaN", Json(CsvData("day,temperature\n1,20\n2,NaN\n3,22\n")), 400, "line 3");
        yield return new("CSV with an empty value", Json(CsvData("day,temperature\n1,20\n2,\n3,22\n")), 400, "empty value");
        yield return new("CSV with an empty row", Json(CsvData("day,temperature\n1,20\n\n3,22\n")), 400, "empty line between data rows");
        yield return new("CSV with only a header", Json(CsvData("day,temperature\n")), 400, "data:");
        yield return new("CSV without the target column", Json(CsvData("day,temp\n1,20\n2,21\n")), 400, "temperature");
        yield return new("CSV shorter than the window", Json(CsvData(ApiEndpointTests.Csv(4))), 400, "window: window (5) + horizon (1) exceeds the series length (4)");
        yield return new("data.path on the server", Json(With("""{"kind": "sine", "length": 200, "noise": 0.1}""", """{"kind": "csv", "path": "/etc/passwd", "target": "root"}""")), 400, "data.path: a job submitted over HTTP must name an uploaded CSV in data.dataset (PUT /api/datasets) or carry its CSV (or text) in data.content");
        yield return new("data.path and data.content", Json(With("""{"kind": "sine", "length": 200, "noise": 0.1}""", $$"""{"kind": "csv", "path": "x.csv", "content": {{System.Text.Json.JsonSerializer.Serialize(GoodCsv)}}, "target": "temperature"}""")), 400, "not several");
        yield return new("data.content not a string", Json(CsvData("x").Replace("\"content\": \"x\"", "\"content\": 42")), 400, "data.content: must be a string");
        // Transport
        yield return new("text/plain", () => new StringContent(Valid, Encoding.UTF8, "text/plain"), 415, "Content-Type must be application/json");
        yield return new("no content type", Raw(Encoding.UTF8.GetBytes(Valid), mediaType: null), 415, "Content-Type must be application/json");
        yield return new("form encoded", () => new FormUrlEncodedContent([new("spec", Valid)]), 415, "Content-Type must be application/json");
        yield return new("gzip-compressed body", Gzipped(Valid), 415, "Content-Encoding 'gzip' is not supported; send the job spec uncompressed");
        // Read as UTF-8 regardless: refused as "not valid UTF-8" at its first accented letter, or silently misread.
        yield return new("latin1 charset", Raw(Encoding.Latin1.GetBytes(With("\"name\": \"hostile\"", "\"name\": \"hostile\", \"description\": \"données\"")), "application/json; charset=latin1"),
            415, "Content-Type charset 'latin1' is not supported; send the job spec as UTF-8 (charset=utf-8, or no charset)");
        yield return new("quoted windows-1252 charset", Raw(Encoding.ASCII.GetBytes(Valid), "application/json; charset=\"windows-1252\""),
            415, "Content-Type charset 'windows-1252' is not supported; send the job spec as UTF-8");
        yield return new("100 MB body", () => new GeneratedContent(100L * 1024 * 1024, knownLength: true), 413, "exceeds the limit");
        yield return new("chunked body over the limit", () => new GeneratedContent(3L * 1024 * 1024, knownLength: false), 413, "exceeds the limit");
    }

    /// <summary>Case names (serializable, so each is its own test in the results).</summary>
    public static TheoryData<string> Cases => [.. All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_submission_is_refused_with_a_message_naming_the_problem(string name)
    {
        var hostile = All().Single(c => c.Name == name);
        var (status, body) = await SendAsync(hostile);
        Assert.True(status == hostile.Status, $"{hostile.Name}: expected {hostile.Status}, got {status}: {Clip(body)}");
        var errors = ApiServer.Errors(body);
        Assert.True(errors.Any(e => e.Contains(hostile.Fragment, StringComparison.Ordinal)),
            $"{hostile.Name}: no message contains '{hostile.Fragment}': {Clip(body)}");
        Assert.All(errors, e => Assert.DoesNotContain("   at ", e));
        Assert.Equal(200, (await server.GetAsync("healthz")).Status);
    }

    [Fact]
    public async Task After_the_whole_battery_the_server_is_healthy_and_accepts_a_valid_job()
    {
        Assert.True(All().Count() >= 30);
        await Task.WhenAll(All().Select(SendAsync));
        Assert.Equal(200, (await server.GetAsync("healthz")).Status);
        Assert.Equal(200, (await server.GetAsync("readyz")).Status);
        var id = await server.SubmitAsync(Valid);
        Assert.Equal("completed", (string?)(await server.WaitForEndAsync(id))["status"]);
    }

    [Theory]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=us-ascii")]
    public async Task A_utf8_or_ascii_charset_is_accepted(string contentType)
    {
        var (status, body, _) = await server.PostAsync("api/jobs", Valid, contentType);
        Assert.True(status == 201, $"{contentType}: {status} {body}");
    }

    [Theory]
    [InlineData("PUT", "api/datasets", "text/csv")]
    [InlineData("POST", "api/jobs", "application/json")]
    public async Task A_client_that_disconnects_mid_upload_is_not_logged_as_a_server_error(string method, string path, string mediaType)
    {
        var api = new Uri(server.Url);
        var logged = server.CoordinatorProcess.LogEvents().Count();
        // Promises 100,000 bytes, sends 10 and goes away while the server waits for the rest: what a killed curl or a
        // dropped network does. Five times: whether the server is inside its read when the connection ends varies.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(api.Host, api.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
                $"{method} /{path} HTTP/1.1\r\nHost: {api.Authority}\r\nAuthorization: Bearer {ApiServer.Token}\r\nContent-Type: {mediaType}\r\nContent-Length: 100000\r\n\r\nday,temp\n1,"));
            await Task.Delay(300);
        }
        await Task.Delay(1000);
        Assert.Equal(200, (await server.GetAsync("healthz")).Status);
        // It logged "An unhandled exception has occurred while executing the request" at error level, with a stack trace.
        var errors = server.CoordinatorProcess.LogEvents().Skip(logged)
            .Where(e => e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal").Select(e => e.GetRawText()).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private async Task<(int Status, string Body)> SendAsync(Case hostile)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/jobs") { Content = hostile.Body() };
        // A well-behaved client of a large upload waits for 100-continue, so an early 413 spares it the upload.
        request.Headers.ExpectContinue = true;
        using var response = await server.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Clip(string text) => text.Length > 600 ? text[..600] + "…" : text;

    /// <summary>A body of <c>size</c> bytes made on the fly (a JSON object with one long string), with or
    /// without a Content-Length (chunked).</summary>
    private sealed class GeneratedContent : HttpContent
    {
        private static readonly byte[] Block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        private readonly long size;
        private readonly bool knownLength;

        public GeneratedContent(long size, bool knownLength)
        {
            this.size = size;
            this.knownLength = knownLength;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = Encoding.ASCII.GetBytes("{\"name\": \"big\", \"description\": \"");
            await stream.WriteAsync(head);
            long left = size - head.Length - 2;
            while (left > 0)
            {
                var n = (int)Math.Min(left, Block.Length);
                await stream.WriteAsync(Block.AsMemory(0, n));
                left -= n;
            }
            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return knownLength;
        }
    }
}
