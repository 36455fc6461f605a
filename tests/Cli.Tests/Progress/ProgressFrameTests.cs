using Tuner.Cli.Progress;
using Tuner.Cli.Terminal;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Search;

namespace Tuner.Cli.Tests.Progress;

public sealed class ProgressFrameTests
{
    private static readonly Hyperparameters Hp = Hyperparameters.Empty
        .With("units", HyperparameterValue.Int(64)).With("dropout", HyperparameterValue.Float(0.1)).With("learning_rate", HyperparameterValue.Float(0.00312));

    private static RunningTrial Trial(string id, int? bracket, int? round, int epoch = 4, int to = 9, double? latest = 0.0312, int execution = 0) =>
        new(id, $"{id}.r{round ?? 0}.x{execution}", "w1", epoch, 0, to, latest, latest, round, bracket, execution, Hp);

    private static JobSummary Summary(string status = JobStatuses.Running, long trained = 31, long? planned = 69, int started = 20, int finished = 15,
        params RunningTrial[] running) =>
        new("quick-sine", "quick-sine", status, "hyperband", "val_loss", started, finished, trained, planned, "t-0007", 0.02713,
            running.ToValueList(), DateTimeOffset.UnixEpoch, null);

    private static List<string> Lines(JobSummary? summary, int columns = 160, int trialLines = 10, TimeSpan? eta = null, TerminalGlyphs? glyphs = null, (TimeSpan, string?)? idle = null) =>
        ProgressFrame.Build(summary, TimeSpan.FromSeconds(12), eta, glyphs ?? TerminalGlyphs.Unicode, columns, trialLines, idle).Select(l => l.ToString()).ToList();

    [Fact]
    public void A_running_job_shows_the_bar_the_job_line_and_one_line_per_trial()
    {
        var lines = Lines(Summary(running: [Trial("t-0009", 2, 1), Trial("t-0008", 3, 0, epoch: 0, latest: null)]), columns: 80, eta: TimeSpan.FromSeconds(25));
        Assert.Equal(4, lines.Count);
        Assert.EndsWith(" 45% 31/69 epochs · ETA 0:25", lines[0]);
        Assert.Equal(40, lines[0].Count(c => c is '━' or '─')); // the room the text leaves, up to the bar's maximum
        // 20 started − 15 done − 2 running: 3 wait for a promotion (at 80 columns the counts are started and done).
        Assert.Equal("quick-sine: 20 trials, 15 done · 0:12 · best val_loss 0.02713 (t-0007)", lines[1]);
        Assert.Equal("quick-sine: 20 trials, 2 running, 3 waiting, 15 done · 0:12 · best val_loss 0.02713 (t-0007)",
            Lines(Summary(running: [Trial("t-0009", 2, 1), Trial("t-0008", 3, 0, epoch: 0, latest: null)]), columns: 100)[1]);
        // Trials in work order; a trial with no epoch yet in this work shows "-".
        Assert.Equal("  t-0008 b3 r0 epoch 0/9 val_loss -  units=64 dropout=0.1 lr=0.00312", lines[2]);
        Assert.Equal("  t-0009 b2 r1 epoch 4/9 val_loss 0.0312  units=64 dropout=0.1 lr=0.00312", lines[3]);
    }

    [Fact]
    public void The_job_line_shrinks_its_counts_then_its_time_then_a_long_name_before_the_best_value()
    {
        // At 80 columns the best value was cut ("… 18 done · 0:03 · best val_loss …") for the whole run.
        var summary = Summary(started: 28, finished: 18, running: [Trial("t-0030", 2, 1), Trial("t-0031", 2, 1)]);
        string JobLine(JobSummary s, int columns) => Lines(s, columns: columns)[1];
        Assert.Equal("quick-sine: 28 trials, 2 running, 8 waiting, 18 done · 0:12 · best val_loss 0.02713 (t-0007)", JobLine(summary, 92));
        Assert.Equal("quick-sine: 28 trials, 18 done · 0:12 · best val_loss 0.02713 (t-0007)", JobLine(summary, 80));
        Assert.Equal("quick-sine: 28 trials, 18 done · best val_loss 0.02713 (t-0007)", JobLine(summary, 65));
        var named = summary with { Name = "seattle-weather-lstm-units-and-dropout-sweep" };
        var line = JobLine(named, 80);
        Assert.Equal(80, line.Length);
        Assert.Equal("seattle-weather-lstm-units…: 28 trials, 18 done · best val_loss 0.02713 (t-0007)", line);
    }

    [Fact]
    public void Random_search_trials_show_no_stage_and_executions_their_number()
    {
        var lines = Lines(Summary(running: [Trial("t-0002", null, null, execution: 1)]));
        Assert.StartsWith("  t-0002 x1 epoch 4/9 ", lines[2]);
    }

    [Fact]
    public void More_trials_than_rows_end_in_a_count_of_the_rest()
    {
        var running = Enumerable.Range(1, 6).Select(i => Trial($"t-{i:D4}", 0, 0)).ToArray();
        var lines = Lines(Summary(started: 6, finished: 0, running: running), trialLines: 3);
        Assert.Equal(5, lines.Count);
        Assert.Equal("  … 4 more running", lines[4]);
    }

    [Fact]
    public void A_job_with_nothing_running_for_a_while_says_so_and_why()
    {
        var lines = Lines(Summary(started: 0, finished: 0, trained: 0), idle: (TimeSpan.FromSeconds(75), "the reason"));
        Assert.Equal(3, lines.Count);
        Assert.Equal("  no trial running for 1:15: the reason", lines[2]);

        // Wider than the terminal, it goes on in lines of its own: cut, it lost the command it tells the user to run.
        const string reason = "no worker has joined (start one: tuner worker --seeds akka.tcp://tuner@coordinator-0.tuner:4053)";
        var narrow = Lines(Summary(started: 0, finished: 0, trained: 0), columns: 80, idle: (TimeSpan.FromSeconds(11), reason));
        Assert.Equal(["  no trial running for 0:11: no worker has joined (start one: tuner worker", "    --seeds akka.tcp://tuner@coordinator-0.tuner:4053)"], narrow.Skip(2));
        Assert.Equal("  no trial running for 1:15", Lines(Summary(started: 0, finished: 0, trained: 0), idle: (TimeSpan.FromSeconds(75), null))[2]); // why: not known yet
        Assert.Equal(2, Lines(Summary(JobStatuses.Completed), idle: (TimeSpan.FromSeconds(75), "the reason")).Count); // an ended job waits for nothing
    }

    [Fact]
    public void A_lost_stream_is_said_instead_of_the_idle_line_above_the_last_known_trials()
    {
        // tuner watch whose coordinator was killed: the view stood still for two minutes without a word.
        var lines = ProgressFrame.Build(Summary(running: [Trial("t-0009", 2, 1)]), TimeSpan.FromSeconds(12), null, TerminalGlyphs.Unicode, 160, 10,
            idle: (TimeSpan.FromSeconds(75), "the reason"), disconnected: TimeSpan.FromSeconds(14)).Select(l => l.ToString()).ToList();
        Assert.Equal("  lost the connection to the coordinator 0:14 ago; reconnecting (the figures are from before)", lines[2]);
        Assert.Equal("  t-0009 b2 r1 epoch 4/9 val_loss 0.0312  units=64 dropout=0.1 lr=0.00312", lines[3]);
        Assert.DoesNotContain(lines, l => l.Contains("no trial running", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recovering_job_shows_no_figures()
    {
        // They are zeros until the journal is replayed: "0 epochs trained · recovering", "0 trials, 0 running, 0 done".
        Assert.Equal(["quick-sine: recovering from the journal · 0:12"], Lines(Summary(JobStatuses.Recovering, trained: 0, planned: null, started: 0, finished: 0, running: [])));
    }

    [Fact]
    public void Before_the_first_summary_the_view_says_it_is_waiting()
    {
        Assert.Equal(["waiting for the job's first progress · 0:12"], Lines(null));
    }

    [Fact]
    public void A_final_summary_shows_the_status_and_no_trials()
    {
        var lines = Lines(Summary(JobStatuses.Completed, trained: 69, started: 20, finished: 20, running: []));
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("100% 69/69 epochs · completed", lines[0]);
    }

    [Fact]
    public void The_share_is_rounded_down_and_a_search_that_completes_short_of_its_plan_fills_the_bar()
    {
        // 711 of 714 read "100%" with trials still training.
        Assert.EndsWith(" 99% 711/714 epochs · ETA 0:25", Lines(Summary(trained: 711, planned: 714, running: [Trial("t-0009", 2, 1)]), eta: TimeSpan.FromSeconds(25))[0]);
        // A search out of configurations completes at 12 of 60 planned epochs: it drew a fifth of a bar beside "completed".
        var done = Lines(Summary(JobStatuses.Completed, trained: 12, planned: 60, started: 6, finished: 6, running: []), columns: 80)[0];
        Assert.EndsWith("100% 12 epochs (of 60 planned) · completed", done);
        Assert.DoesNotContain('─', done);
        // A cancelled one keeps its share: the rest of the plan was not trained.
        Assert.EndsWith(" 20% 12/60 epochs · cancelled", Lines(Summary(JobStatuses.Cancelled, trained: 12, planned: 60, running: []), columns: 80)[0]);
    }

    [Fact]
    public void While_nothing_trains_or_the_stream_is_down_there_is_no_estimate()
    {
        // It grew by the second above "no trial running for 0:21: no worker has joined" (ETA 6:02, then 28:59).
        var summary = Summary(trained: 14, planned: 714, running: []);
        Assert.EndsWith("ETA -", Lines(summary, eta: TimeSpan.FromMinutes(29), idle: (TimeSpan.FromSeconds(21), "no worker has joined"))[0]);
        Assert.EndsWith("ETA -", ProgressFrame.Build(summary, TimeSpan.FromSeconds(12), TimeSpan.FromMinutes(29), TerminalGlyphs.Unicode, 160, 10,
            disconnected: TimeSpan.FromSeconds(5))[0].ToString());
        Assert.EndsWith("ETA 29:00", Lines(summary, eta: TimeSpan.FromMinutes(29))[0]);
    }

    [Fact]
    public void A_job_without_a_plan_counts_epochs()
    {
        var lines = Lines(Summary(planned: null, running: []));
        Assert.Equal("31 epochs trained · running", lines[0]);
    }

    [Fact]
    public void One_trial_and_one_epoch_are_written_in_the_singular()
    {
        var lines = Lines(Summary(planned: null, trained: 1, started: 1, finished: 0, running: [Trial("t-0000", null, null, epoch: 1)]));
        Assert.Equal("1 epoch trained · running", lines[0]);
        Assert.StartsWith("quick-sine: 1 trial, 1 running, 0 done", lines[1]);
    }

    [Fact]
    public void Ascii_glyphs_in_a_non_utf8_terminal()
    {
        var lines = Lines(Summary(running: []), columns: 60, glyphs: TerminalGlyphs.Ascii);
        Assert.Matches(@"^#+-+ +45% 31/69 epochs - ETA -$", lines[0]);
        Assert.All(lines, l => Assert.All(l, c => Assert.True(c < 128, l)));
    }

    [Fact]
    public void In_a_narrow_terminal_the_bar_keeps_its_minimum_and_drawing_cuts_the_rest()
    {
        var lines = ProgressFrame.Build(Summary(running: [Trial("t-0009", 2, 1)]), TimeSpan.Zero, null, TerminalGlyphs.Unicode, 20, 5);
        Assert.Equal(5, lines[0].ToString().Count(c => c is '━' or '─')); // the bar's minimum
        var fitted = lines.Select(l => l.Fit(20, "…").ToString()).ToList();
        Assert.All(fitted, l => Assert.True(l.Length <= 20, l));
        Assert.EndsWith("…", fitted[2]);
    }

    [Theory]
    [InlineData(7, "0:07")]
    [InlineData(750, "12:30")]
    [InlineData(3723, "1:02:03")]
    public void Clock_reads_like_a_stopwatch(int seconds, string expected) =>
        Assert.Equal(expected, ProgressFrame.Clock(TimeSpan.FromSeconds(seconds)));
}
