using System.Text.Json;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Runtime.Serialization;
using Tuner.Bench;

namespace Tuner.Cli.Tests.Browser;

/// <summary>The dashboard and report.html with many trials, in a real browser: a coordinator and a no-op worker finish a
/// 3,000-trial search; the page shows one page of the table (not 3,000 rows), pages and sorts it through the server,
/// draws the best curves and the band on its canvas and every trial's point, with no console error. Screenshots go to
/// TestResults/ (dashboard-scale.png, report-scale.png).</summary>
[Collection(ProcessTests.Name)]
public sealed class DashboardScaleBrowserTests
{
    private const int Trials = 3000;

    private static readonly string Job = $$"""
        {
          "name": "browser-many",
          "seed": 11,
          "data": { "kind": "sine", "length": 200, "noise": 0.1 },
          "window": 5,
          "searchSpace": {
            "units":         { "type": "int", "min": 4, "max": 64, "step": 4 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-1, "sampling": "log" },
            "cell":          { "type": "choice", "values": ["lstm", "gru"] }
          },
          "algorithm": { "type": "random", "maxTrials": {{Trials}}, "epochs": 4 }
        }
        """;

    private static string Artifact(string name) => Path.Combine(Support.Repository.Root, "TestResults", name);

    private const string CanvasInked = """
        (sel => { const c = document.querySelector(sel); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })
        """;

    [ChromiumFact]
    public async Task A_job_of_thousands_of_trials_shows_one_page_pages_through_the_server_and_draws_curves_and_points()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var jobId = await bed.SubmitAsync(coordinator, Job);
        bed.StartWorker(coordinator.Seed, slots: 64, noopTrainer: true);
        await bed.WaitForJobAsync(coordinator.Api, jobId, s => (string?)s["status"] == "completed", TimeSpan.FromSeconds(180), "the job to complete");

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync($"{coordinator.Api}/#/jobs/{jobId}");
        await browser.WaitForAsync("performance.getEntriesByName('tuner-first-render').length", v => v.GetInt32() == 1,
            TimeSpan.FromSeconds(30), "the first complete render");

        var page = await browser.EvaluateAsync($$"""
            ({
              rows: document.querySelectorAll('#trials tbody tr').length,
              range: document.querySelector('#pager .range').textContent,
              firstRow: document.querySelector('#trials tbody tr').dataset.trial,
              bestRow: document.querySelector('#trials tbody tr.best')?.dataset.trial,
              lines: +document.querySelector('#curves').dataset.lines,
              band: +document.querySelector('#curves').dataset.band,
              inked: {{CanvasInked}}('#curves canvas'),
              scatters: [...document.querySelectorAll('.scatter-host')].map(s => s.dataset.parameter + ':' + s.dataset.points),
              logAxis: [...document.querySelectorAll('.scatter-host')].filter(s => [...s.querySelectorAll('.axis .label')].some(t => t.textContent.includes('(log)'))).map(s => s.dataset.parameter),
            })
            """);
        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        var bestId = (string)results["best"]!["trialId"]!;
        Assert.Equal(50, page.GetProperty("rows").GetInt32());
        Assert.Equal($"1–50 of {Trials}", page.GetProperty("range").GetString());
        Assert.Equal(bestId, page.GetProperty("firstRow").GetString()); // best first
        Assert.Equal(bestId, page.GetProperty("bestRow").GetString());
        Assert.Equal(50, page.GetProperty("lines").GetInt32());
        Assert.Equal(4, page.GetProperty("band").GetInt32());
        Assert.True(page.GetProperty("inked").GetInt32() > 2000, $"the curves canvas is drawn ({page.GetProperty("inked")} pixels inked)");
        Assert.Equal([$"units:{Trials}", $"learning_rate:{Trials}", $"cell:{Trials}"], page.GetProperty("scatters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["learning_rate"], page.GetProperty("logAxis").EnumerateArray().Select(e => e.GetString()));

        // Paging: the next page is the next 50 of the server's order.
        var second = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/trials?offset=50&limit=50"))!["trials"]!.AsArray().Select(t => (string)t!["trialId"]!).ToList();
        await browser.ClickAsync("#pager button[data-page='next']");
        await browser.WaitForAsync("document.querySelector('#pager .range').textContent", v => v.GetString() == $"51–100 of {Trials}", TimeSpan.FromSeconds(10), "page 2");
        Assert.Equal(second, (await browser.EvaluateAsync("[...document.querySelectorAll('#trials tbody tr')].map(r => r.dataset.trial)")).EnumerateArray().Select(e => e.GetString()!));
        await browser.ClickAsync("#pager button[data-page='last']");
        await browser.WaitForAsync("document.querySelector('#pager .range').textContent", v => v.GetString() == $"2951–3000 of {Trials}", TimeSpan.FromSeconds(10), "the last page");

        // Sorting goes to the server and starts at the first page: the most epochs... every trial has 4, so by trial id.
        await browser.ClickAsync("#trials th[data-key='trialId']");
        await browser.WaitForAsync("document.querySelector('#pager .range').textContent", v => v.GetString() == $"1–50 of {Trials}", TimeSpan.FromSeconds(10), "sorted, page 1");
        await browser.ClickAsync("#trials th[data-key='trialId']");
        await browser.WaitForAsync("document.querySelector('#trials th[aria-sort]').textContent", v => v.GetString() == "trial ▼", TimeSpan.FromSeconds(10), "reversed");
        var lastId = (string)results["trials"]!.AsArray()[^1]!["trialId"]!;
        await browser.WaitForAsync("document.querySelector('#trials tbody tr').dataset.trial", v => v.GetString() == lastId, TimeSpan.FromSeconds(10), "the newest trial first");
        Assert.Equal(50, (await browser.EvaluateAsync("document.querySelectorAll('#trials tbody tr').length")).GetInt32());

        // Focusing a trial outside the best 50 fetches its curve too.
        await browser.ClickAsync("#trials tbody tr:last-child");
        await browser.WaitForAsync("+document.querySelector('#curves').dataset.lines", v => v.GetInt32() == 51, TimeSpan.FromSeconds(10), "the focused trial's curve added");
        await browser.ScreenshotAsync(Artifact("dashboard-scale.png"));

        // Every curve only when asked for.
        await browser.ClickAsync("#all-curves");
        await browser.WaitForAsync("+document.querySelector('#curves').dataset.lines", v => v.GetInt32() == Trials, TimeSpan.FromSeconds(20), "every trial's curve");
        await browser.ClickAsync("#all-curves");
        await browser.WaitForAsync("+document.querySelector('#curves').dataset.lines", v => v.GetInt32() == 51, TimeSpan.FromSeconds(20), "the best 50 and the focused one again");
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // report.html: the curves summary and the compact table inlined, paged in the page.
        var document = JsonSerializer.Deserialize<ResultsDocument>(results.ToJsonString(), TunerJsonSerializer.Options)!;
        var report = Path.Combine(bed.Directory, "report.html");
        await File.WriteAllTextAsync(report, ReportPage.Render(document));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("performance.getEntriesByName('tuner-first-render').length", v => v.GetInt32() == 1, TimeSpan.FromSeconds(30), "the report drawn");
        var shown = await browser.EvaluateAsync($$"""
            ({ rows: document.querySelectorAll('#trials tbody tr').length, range: document.querySelector('#pager .range').textContent,
               firstRow: document.querySelector('#trials tbody tr').dataset.trial, lines: +document.querySelector('#curves').dataset.lines,
               inked: {{CanvasInked}}('#curves canvas'), points: [...document.querySelectorAll('.scatter-host')].map(s => +s.dataset.points) })
            """);
        Assert.Equal(50, shown.GetProperty("rows").GetInt32());
        Assert.Equal($"1–50 of {Trials}", shown.GetProperty("range").GetString());
        Assert.Equal(bestId, shown.GetProperty("firstRow").GetString());
        Assert.Equal(50, shown.GetProperty("lines").GetInt32());
        Assert.True(shown.GetProperty("inked").GetInt32() > 2000);
        Assert.Equal([Trials, Trials, Trials], shown.GetProperty("points").EnumerateArray().Select(e => e.GetInt32()));
        await browser.ClickAsync("#pager button[data-page='next']");
        Assert.Equal($"51–100 of {Trials}", (await browser.EvaluateAsync("document.querySelector('#pager .range').textContent")).GetString());
        Assert.Equal(second, (await browser.EvaluateAsync("[...document.querySelectorAll('#trials tbody tr')].map(r => r.dataset.trial)")).EnumerateArray().Select(e => e.GetString()!));
        await browser.ClickAsync("#pager button[data-page='first']");
        await browser.ScreenshotAsync(Artifact("report-scale.png"));
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));
    }
}
