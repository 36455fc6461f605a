using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

// prometheus-net against OpenTelemetry's Prometheus exporter, for what Tuner does with metrics: record on hot paths
// (a counter and a histogram per epoch, per dispatch, per journal write) and answer a scrape of Tuner's ~40 series.
// One JSON line per library and figure. See docs/benchmarks.md, "Metrics".
int records = ArgInt("--records", 5_000_000);
int scrapes = ArgInt("--scrapes", 2000);
double[] buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
string[] statuses = ["running", "recovering", "completed", "cancelled", "failed"];

// --- prometheus-net ------------------------------------------------------------------------------------
var registry = Prometheus.Metrics.NewCustomRegistry();
var factory = Prometheus.Metrics.WithCustomRegistry(registry);
var pnCounter = factory.CreateCounter("bench_dispatches_total", "dispatches");
var pnHistogram = factory.CreateHistogram("bench_write_seconds", "writes", new Prometheus.HistogramConfiguration { Buckets = buckets });
var pnJobs = factory.CreateGauge("bench_jobs", "jobs", new Prometheus.GaugeConfiguration { LabelNames = ["status"] });
foreach (var s in statuses) pnJobs.WithLabels(s).Set(3);
for (int i = 0; i < 8; i++) factory.CreateCounter($"bench_other_{i}_total", "other").Inc(i);
Report("prometheus-net", "record", Record(() => { pnCounter.Inc(); pnHistogram.Observe(0.004); }));

// --- OpenTelemetry ---------------------------------------------------------------------------------------
using var meter = new Meter("bench");
var otCounter = meter.CreateCounter<long>("bench_dispatches");
var otHistogram = meter.CreateHistogram<double>("bench_write_seconds", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
var jobCounts = statuses.ToDictionary(s => s, _ => 3L);
meter.CreateObservableGauge("bench_jobs", () => jobCounts.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))));
var otOthers = Enumerable.Range(0, 8).Select(i => meter.CreateCounter<long>($"bench_other_{i}")).ToArray();

var pnApp = Server(app => app.MapGet("/metrics", async (Microsoft.AspNetCore.Http.HttpContext http) =>
{
    http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
    await registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
}), _ => { });
var otApp = Server(app => app.UseOpenTelemetryPrometheusScrapingEndpoint(),
    services => services.AddOpenTelemetry().WithMetrics(b => b.AddMeter("bench").AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)));
await pnApp.StartAsync();
await otApp.StartAsync();
for (int i = 0; i < otOthers.Length; i++) otOthers[i].Add(i); // once the provider listens (earlier adds are dropped)
Report("opentelemetry", "record", Record(() => { otCounter.Add(1); otHistogram.Record(0.004); }));

using var http = new HttpClient();
foreach (var (library, app) in new[] { ("prometheus-net", pnApp), ("opentelemetry", otApp) })
{
    var url = app.Urls.First() + "/metrics";
    var body = await http.GetStringAsync(url);
    for (int i = 0; i < 100; i++) await http.GetStringAsync(url); // warm-up
    var times = new double[scrapes];
    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    for (int i = 0; i < scrapes; i++)
    {
        long start = Stopwatch.GetTimestamp();
        await http.GetStringAsync(url);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Array.Sort(times);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        bench = "metrics_scrape", library, scrapes, body_bytes = body.Length, lines = body.Split('\n').Length,
        p50_us = Math.Round(times[scrapes / 2], 1), p99_us = Math.Round(times[scrapes * 99 / 100], 1),
        // Server and client in one process: allocations of both, per scrape.
        allocated_bytes_per_scrape = allocated / scrapes,
    }));
}
await pnApp.StopAsync();
await otApp.StopAsync();

// ns and bytes per call of record, single thread, after a warm-up.
(double Ns, double Bytes) Record(Action record)
{
    for (int i = 0; i < 200_000; i++) record();
    long allocated = GC.GetAllocatedBytesForCurrentThread();
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < records; i++) record();
    var elapsed = Stopwatch.GetElapsedTime(start);
    return (elapsed.TotalNanoseconds / records, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / records);
}

void Report(string library, string what, (double Ns, double Bytes) r) =>
    Console.WriteLine(JsonSerializer.Serialize(new { bench = "metrics_record", library, what = "counter add + histogram observe", records, ns_per_record = Math.Round(r.Ns, 1), bytes_per_record = Math.Round(r.Bytes, 2) }));

static WebApplication Server(Action<WebApplication> map, Action<IServiceCollection> services)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    services(builder.Services);
    var app = builder.Build();
    map(app);
    return app;
}

int ArgInt(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
