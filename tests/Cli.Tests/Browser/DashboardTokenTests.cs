using Tuner.Cli.Tests.Api;
using Tuner.Bench;

namespace Tuner.Cli.Tests.Browser;

/// <summary>The dashboard of a coordinator with TUNER_API_TOKEN: the page itself is open, its API calls are not; it
/// asks for the token once, then shows the jobs and follows the selected one like any other.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class DashboardTokenTests(ApiServer server)
{
    [ChromiumFact]
    public async Task The_dashboard_asks_for_the_token_then_shows_the_jobs_and_their_charts()
    {
        var jobId = await server.SubmitAsync(ApiServer.Job("browser-token", trials: 4));
        await server.WaitForEndAsync(jobId);
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync($"{server.Url}/#/jobs/{jobId}");

        await browser.WaitForAsync("!document.getElementById('token-form').hidden", v => v.GetBoolean(), TimeSpan.FromSeconds(15), "the token form");
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('#jobs tbody tr').length")).GetInt32());
        // Before the token, the only errors are the browser's own notes of the API's 401 answers.
        Assert.All(browser.Errors, e => Assert.Contains("401", e));
        browser.Errors.Clear();

        // A wrong token is said to be refused and forgotten (the page looked exactly as before, the token kept).
        await browser.EvaluateAsync("document.getElementById('token-input').value = 'not-the-token'");
        await browser.ClickAsync("#token-form button");
        await browser.WaitForAsync("!document.getElementById('token-refused').hidden && !document.getElementById('token-form').hidden", v => v.GetBoolean(),
            TimeSpan.FromSeconds(15), "the token refused");
        Assert.Null((await browser.EvaluateAsync("sessionStorage.getItem('tuner-token')")).GetString());
        Assert.All(browser.Errors, e => Assert.Contains("401", e));
        browser.Errors.Clear();

        // A wrong token and at once the right one: the wrong one's 401s arrive after the right one is set, and must not
        // make the page forget it (they did: every later request went without a token, and nothing loaded).
        await browser.EvaluateAsync($$"""
            (() => {
              const input = document.getElementById('token-input'), form = document.getElementById('token-form');
              input.value = 'also-not-the-token'; form.requestSubmit();
              input.value = '{{ApiServer.Token}}'; form.requestSubmit();
            })()
            """);
        await browser.WaitForAsync("+(document.querySelector('#curves')?.dataset.lines ?? 0)", v => v.GetInt32() == 4, TimeSpan.FromSeconds(15), "the job's curves");
        Assert.True((await browser.EvaluateAsync("document.getElementById('token-form').hidden")).GetBoolean());
        Assert.True((await browser.EvaluateAsync("document.getElementById('token-refused').hidden")).GetBoolean());
        Assert.Contains(jobId, (await browser.EvaluateAsync("[...document.querySelectorAll('#jobs tbody tr')].map(r => r.dataset.job).join(' ')")).GetString());
        Assert.Equal("completed", (await browser.EvaluateAsync("document.querySelector('.job-head .badge').textContent")).GetString());
        // The wrong token's requests went out together (jobs, points, curves, events); those answered after the refusal
        // was shown are noted by the browser late, so 401 notes may follow — nothing else may.
        Assert.True(browser.Errors.All(e => e.Contains("401", StringComparison.Ordinal)), "browser errors: " + string.Join("\n", browser.Errors));
    }
}
