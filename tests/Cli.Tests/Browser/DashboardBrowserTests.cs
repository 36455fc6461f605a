using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Cli.Tests.Processes;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api.Dashboard;
using Tuner.Runtime.Serialization;
using Tuner.Bench;
using Tuner.Contracts.Collections;

namespace Tuner.Cli.Tests.Browser;

/// <summary>The dashboard in a real browser: a coordinator and a worker train a small job while headless Chromium
/// watches the page; the jobs list, a learning curve per trial (a job of fewer than 50), a scatter per hyperparameter and the trials table
/// render, live, with no console error. The same views as report.html, opened from disk, too. Screenshots go to
/// TestResults/ (dashboard.png, report.png).</summary>
[Collection(ProcessTests.Name)]
public sealed class DashboardBrowserTests
{
    private const string Job = """
        {
          "name": "browser-hb",
          "seed": 7,
          "data": { "kind": "sine", "length": 1500, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "choice", "values": [8, 16] },
            "learning_rate": { "type": "float", "min": 1e-3, "max": 3e-2, "sampling": "log" },
            "dropout":       { "type": "float", "min": 0.0, "max": 0.2, "step": 0.1 }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 9, "factor": 3 }
        }
        """;

    private static string Artifact(string name) => Path.Combine(Support.Repository.Root, "TestResults", name);

    [ChromiumFact]
    public async Task The_dashboard_follows_a_running_job_and_draws_every_trial_without_console_errors()
    {
        using var bed = new ClusterTestBed();
        var coordinator = bed.StartCoordinator(Path.Combine(bed.Directory, "tuner.db"));
        await bed.WaitReadyAsync(coordinator, TimeSpan.FromSeconds(60));
        var jobId = await bed.SubmitAsync(coordinator, Job);
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync($"{coordinator.Api}/#/jobs/{jobId}");

        // Live: the page shows the job running before any worker has trained an epoch, then follows it to the end.
        await browser.WaitForAsync("document.querySelector('.job-head .badge')?.textContent ?? ''", v => v.GetString() == "running",
            TimeSpan.FromSeconds(30), "the job shown running");
        const string workersLine = "document.getElementById('workers').textContent";
        // ... and with what to start one: the coordinator's own address (it said "--seeds ADDRESS").
        await browser.WaitForAsync(workersLine, v => v.GetString() == $"No worker has joined: start one with tuner worker --seeds {coordinator.Seed}.",
            TimeSpan.FromSeconds(10), "the page to say no worker has joined");
        bed.StartWorker(coordinator.Seed, slots: 2);
        await browser.WaitForAsync(workersLine, v => v.GetString()!.StartsWith("1 worker · 2 slots: ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the page to show the worker's two slots");
        await browser.WaitForAsync("document.querySelector('.job-head .badge')?.textContent ?? ''", v => v.GetString() == "completed",
            TimeSpan.FromSeconds(150), "the job shown completed\n" + bed.Diagnostics());

        var results = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/results"))!;
        var trials = results["trials"]!.AsArray().Select(t => t!).ToList();
        Assert.Equal(Tuner.Coordinator.Search.Hyperband.HyperbandSchedule.Create(9, 3).TotalTrials, trials.Count);
        var bestId = (string)results["best"]!["trialId"]!;
        // The page fetches the last curves and table page when the job ends: wait until both are drawn.
        await browser.WaitForAsync("+(document.querySelector('#curves')?.dataset.lines ?? 0) * 1000 + document.querySelectorAll('#trials tbody tr').length",
            v => v.GetInt32() == trials.Count * 1001, TimeSpan.FromSeconds(15), "a learning curve (fewer than the best 50) and a table row per trial");

        var page = await browser.EvaluateAsync("""
            ({
              jobRows: [...document.querySelectorAll('#jobs tbody tr')].map(r => r.dataset.job + ' ' + r.querySelector('.badge').textContent),
              scatters: [...document.querySelectorAll('.scatter-host')].map(s => s.dataset.parameter + ':' + s.dataset.points),
              logAxis: [...document.querySelectorAll('.scatter-host')].filter(s => [...s.querySelectorAll('.axis .label')].some(t => t.textContent.includes('(log)'))).map(s => s.dataset.parameter),
              tableRows: document.querySelectorAll('#trials tbody tr').length,
              bestRow: document.querySelector('#trials tbody tr.best')?.dataset.trial,
            })
            """);
        Assert.Equal([$"{jobId} completed"], page.GetProperty("jobRows").EnumerateArray().Select(e => e.GetString()));
        var curves = (await bed.TryGet($"{coordinator.Api}/api/jobs/{jobId}/curves"))!;
        Assert.Equal(trials.Select(t => (string)t["trialId"]!).Order(), curves["lines"]!.AsArray().Select(l => (string)l!["trialId"]!).Order());
        Assert.Equal(bestId, (string)curves["lines"]![0]!["trialId"]!);
        Assert.Equal([$"units:{trials.Count}", $"learning_rate:{trials.Count}", $"dropout:{trials.Count}"],
            page.GetProperty("scatters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["learning_rate"], page.GetProperty("logAxis").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(trials.Count, page.GetProperty("tableRows").GetInt32());
        Assert.Equal(bestId, page.GetProperty("bestRow").GetString());

        // Sorting, the log toggle and focusing a trial redraw without errors.
        await browser.ClickAsync("#trials th[data-key='epochs']");
        await browser.WaitForAsync("document.querySelector('#trials th[aria-sort]').textContent", v => v.GetString() == "epochs ▲", TimeSpan.FromSeconds(10), "sorted by epochs");
        await browser.ClickAsync("#log-scale");
        await browser.ClickAsync("#trials tbody tr:last-child");
        Assert.Equal(1, (await browser.EvaluateAsync("document.querySelectorAll('#trials tbody tr.focus').length")).GetInt32());
        await browser.ScreenshotAsync(Artifact("dashboard.png"));
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // The jobs list is polled every 3 s. Rebuilt (forced here: the job has ended, so the list no longer changes), a
        // keyboard user's row keeps the focus (it went back to the page's body).
        await browser.EvaluateAsync("document.querySelector('#jobs tbody tr').focus(); document.querySelector('#jobs tbody').tunerKey = null");
        await Task.Delay(4000);
        Assert.Equal(jobId, (await browser.EvaluateAsync("document.activeElement?.dataset?.job ?? document.activeElement?.tagName")).GetString());
        // Unchanged, it is left as it is: a text selected in it stays selected (every poll cleared it).
        await browser.EvaluateAsync("getSelection().selectAllChildren(document.querySelector('#jobs tbody tr a'))");
        await Task.Delay(4000);
        Assert.Equal(jobId, (await browser.EvaluateAsync("getSelection().toString()")).GetString());

        // A job this coordinator does not have is said in the job's place; the page stays connected (it said
        // "offline" and "HTTP 404 for the events of …", and retried the stream for ever).
        await browser.NavigateAsync($"{coordinator.Api}/#/jobs/no-such-job");
        await browser.WaitForAsync("document.querySelector('#job-view .missing')?.textContent ?? ''",
            v => v.GetString()!.StartsWith("no job with id 'no-such-job'", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "the missing job named");
        await Task.Delay(4000); // a jobs poll and a stream retry later
        Assert.Equal("connected", (await browser.EvaluateAsync("document.getElementById('connection').textContent")).GetString());
        Assert.True((await browser.EvaluateAsync("document.getElementById('banner').hidden")).GetBoolean());
        // The browser logs each 404 it was answered; nothing else went wrong.
        Assert.All(browser.Errors, e => Assert.Matches("^log: Failed to load resource: .* 404 .*/api/jobs/no-such-job/", e));
        browser.Errors.Clear();

        // report.html: the same views with the data inlined, opened from disk (no server, no network).
        var document = JsonSerializer.Deserialize<ResultsDocument>(results.ToJsonString(), TunerJsonSerializer.Options)!;
        var report = Path.Combine(bed.Directory, "report.html");
        await File.WriteAllTextAsync(report, ReportPage.Render(document));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("+(document.querySelector('#curves')?.dataset.lines ?? 0)", v => v.GetInt32() == trials.Count,
            TimeSpan.FromSeconds(15), "the report's curves");
        Assert.Equal(3, (await browser.EvaluateAsync("document.querySelectorAll('.scatter-host').length")).GetInt32());
        Assert.Equal(trials.Count, (await browser.EvaluateAsync("document.querySelectorAll('#trials tbody tr').length")).GetInt32());
        await browser.ScreenshotAsync(Artifact("report.png"));
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // Every trial one epoch long (a 1-epoch search; a Hyperband job's first round): the epoch sits inside the
        // plot, its curves dots (the axis ran from 1 to 2 with every mark on its left edge, half clipped).
        var oneEpoch = document with
        {
            Trials = document.Trials.Select(t => t with { History = t.History.Take(1).ToValueList(), Epochs = 1 }).ToValueList(),
        };
        await File.WriteAllTextAsync(report, ReportPage.Render(oneEpoch));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("+(document.querySelector('#curves')?.dataset.lines ?? 0)", v => v.GetInt32() == trials.Count,
            TimeSpan.FromSeconds(15), "the one-epoch curves");
        Assert.Equal("0.5,1.5", (await browser.EvaluateAsync("document.querySelector('#curves').dataset.xDomain")).GetString());
        await browser.ScreenshotAsync(Artifact("report-one-epoch.png"));

        // Objectives that differ in the fourth significant digit (0.023510 … 0.023530) have long tick labels: the
        // rotated y title was drawn across them in every chart.
        var close = document with
        {
            Trials = document.Trials.Select((t, i) => t with
            {
                ValLoss = 0.02351 + i * 1e-6,
                History = t.History.Select(e => e with { ValLoss = 0.02351 + i * 1e-6 + e.Epoch * 1e-7 }).ToValueList(),
            }).ToValueList(),
        };
        await File.WriteAllTextAsync(report, ReportPage.Render(close));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("+(document.querySelector('#curves')?.dataset.lines ?? 0)", v => v.GetInt32() == trials.Count,
            TimeSpan.FromSeconds(15), "the close objectives' curves");
        var overlaps = (await browser.EvaluateAsync("""
            Array.from(document.querySelectorAll('svg')).flatMap(svg => {
              const title = Array.from(svg.querySelectorAll('.axis text.label')).find(t => t.getAttribute('transform'));
              if (!title) return [];
              const r = title.getBoundingClientRect();
              return Array.from(svg.querySelectorAll('.axis text[text-anchor=end]'))
                .filter(t => { const q = t.getBoundingClientRect(); return q.left < r.right && q.right > r.left && q.top < r.bottom && q.bottom > r.top; })
                .map(t => title.textContent + ' over ' + t.textContent);
            }).join('; ')
            """)).GetString();
        Assert.Equal("", overlaps);
        Assert.True((await browser.EvaluateAsync("document.querySelectorAll('svg .axis text.label[transform]').length")).GetInt32() >= 4, "the y titles were found");
        await browser.ScreenshotAsync(Artifact("report-close-objectives.png"));

        // Every trial diverged in its first epoch: no curve to draw, said as such (it read "The best 0 of 0 trials").
        var diverged = document with
        {
            Status = "failed", Best = null,
            Trials = document.Trials.Select(t => t with { Status = "diverged", ValLoss = null, Loss = null, History = [] }).ToValueList(),
        };
        await File.WriteAllTextAsync(report, ReportPage.Render(diverged));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("document.querySelector('.curves-note')?.textContent ?? ''", v => v.GetString()!.Length > 0,
            TimeSpan.FromSeconds(15), "the curves' note");
        Assert.Equal($"No learning curve: no trial has measured val_loss ({trials.Count} trials so far; a trial that diverged or failed before its first epoch has none).",
            (await browser.EvaluateAsync("document.querySelector('.curves-note').textContent")).GetString());
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // A failed job's report says why it failed, and a 4,000-row validation forecast is drawn as its last rows (a
        // solid band when drawn whole), the note saying so.
        var failed = document with { Status = "failed", Error = "every trial failed: out of memory" };
        var rows = Enumerable.Range(10_000, 4000).ToValueList();
        var wave = rows.Select(r => (float)Math.Sin(r / 20.0)).ToValueList();
        var model = new ModelReport("forecast", document.Trials[0].TrialId, 3,
            Forecast: new ForecastReport("temp_max", rows, wave, wave, 0.5, 0.7));
        await File.WriteAllTextAsync(report, ReportPage.Render(failed, model));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("document.querySelector('.model-note')?.textContent ?? ''", v => v.GetString()!.Length > 0,
            TimeSpan.FromSeconds(15), "the model card");
        Assert.Contains("every trial failed: out of memory", (await browser.EvaluateAsync("document.querySelector('#job-view').textContent")).GetString());
        Assert.Equal("failed", (await browser.EvaluateAsync("document.querySelector('#job-view .badge').textContent")).GetString());
        Assert.Contains("the last 300 of its 4000 rows", (await browser.EvaluateAsync("document.querySelector('.model-note').textContent")).GetString());
        var drawn = (await browser.EvaluateAsync(
            "(document.querySelector('svg.forecast path[data-trial=forecast]').getAttribute('d').match(/[ML]/g) || []).length")).GetInt32();
        Assert.Equal(300, drawn);
        // Its row axis (13,700 … 14,000 in steps of 50) labels each tick differently: three significant digits read
        // "13700 13800 13800 13900 13900 14000".
        var ticks = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('svg.forecast .axis text:not(.label)')).map(t => t.textContent).join(' ')")).GetString()!.Split(' ');
        Assert.Contains("13750", ticks);
        Assert.Equal(ticks.Length, ticks.Distinct().Count());
        await browser.ScreenshotAsync(Artifact("report-failed-forecast.png"));
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // On a phone the line charts are laid out at the width they have, so their text keeps its size: scaled down from
        // 640 units to ~330 pixels, 11 px labels were 5 px. Drawn again when the page turns narrow.
        const string scales = "Array.from(document.querySelectorAll('svg.forecast, #curves svg')).map(s => (s.getBoundingClientRect().width / s.viewBox.baseVal.width).toFixed(2)).join(' ')";
        Assert.Equal("640", (await browser.EvaluateAsync("String(document.querySelector('svg.forecast').viewBox.baseVal.width)")).GetString());
        await browser.ResizeAsync(390, 1400);
        await browser.WaitForAsync("document.querySelector('svg.forecast').viewBox.baseVal.width", v => v.GetDouble() < 640, TimeSpan.FromSeconds(10), "the forecast chart redrawn narrow");
        var narrow = (await browser.EvaluateAsync(scales)).GetString()!.Split(' ');
        Assert.Equal(2, narrow.Length);
        Assert.All(narrow, scale => Assert.Equal("1.00", scale));
        await browser.ScreenshotAsync(Artifact("report-phone.png"));
        await browser.ResizeAsync(1400, 1000);

        // An accuracy objective sorts best first, highest first: its column's arrow points down (it pointed up).
        var accuracy = document with
        {
            Objective = "val_accuracy", Best = null,
            Trials = document.Trials.Select((t, i) => t with { ValAccuracy = 0.5 + i * 0.01 }).ToValueList(),
        };
        await File.WriteAllTextAsync(report, ReportPage.Render(accuracy));
        await browser.NavigateAsync(new Uri(report).AbsoluteUri);
        await browser.WaitForAsync("document.querySelectorAll('#trials tbody tr').length", v => v.GetInt32() > 0, TimeSpan.FromSeconds(15), "the accuracy job's trials");
        var header = await browser.EvaluateAsync("(h => h.textContent + ' ' + h.getAttribute('aria-sort'))(document.querySelector('#trials th[data-key=objective]'))");
        Assert.Equal("val_accuracy ▼ descending", header.GetString());
        var first = await browser.EvaluateAsync("document.querySelector('#trials tbody tr td:nth-child(3)').textContent");
        Assert.Equal(Math.Round(0.5 + (trials.Count - 1) * 0.01, 2).ToString(System.Globalization.CultureInfo.InvariantCulture), first.GetString());
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));

        // A job without a validation part (validationSplit 0) says there is nothing to score: an all-zero confusion
        // matrix read "Accuracy – on 0 validation samples"; a sample's prompt was called "the validation part's".
        var unscored = new (ModelReport Report, string Note)[]
        {
            (new ModelReport("forecast", document.Trials[0].TrialId, 2, Forecast: new ForecastReport("temp_max", [], [], [], null, null)),
                "The job has no validation part (validationSplit 0): no forecast of unseen rows"), // drew empty axes, "RMSE –"
            (new ModelReport("classify", document.Trials[0].TrialId, 2,
                Classification: new ClassificationReport(["great", "other"], [[0, 0], [0, 0]], 0, null, 0)), "The job has no validation part (validationSplit 0): nothing to score"),
            (new ModelReport("generate", document.Trials[0].TrialId, 2,
                Generation: new GenerationReport("It is a truth", " universally", 0.5, 1, null, null)), "The text's first window (grey), continued by the best model"),
        };
        foreach (var (unscoredModel, note) in unscored)
        {
            await File.WriteAllTextAsync(report, ReportPage.Render(accuracy, unscoredModel));
            await browser.NavigateAsync(new Uri(report).AbsoluteUri);
            await browser.WaitForAsync("document.querySelector('.model-note')?.textContent ?? ''", v => v.GetString()!.Length > 0, TimeSpan.FromSeconds(15), "the model card");
            Assert.StartsWith(note, (await browser.EvaluateAsync("document.querySelector('.model-note').textContent")).GetString());
            Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('table.confusion, svg.forecast').length")).GetInt32());
        }
        Assert.Contains("no loss to compare", (await browser.EvaluateAsync("document.querySelector('.model-note').textContent")).GetString());
        Assert.True(browser.Errors.IsEmpty, "browser errors: " + string.Join("\n", browser.Errors));
    }
}
