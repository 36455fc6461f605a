using System.CommandLine;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Tuner.Cli.Hosting;
using Tuner.Cli.Logging;
using Tuner.Cli.Output;
using Tuner.Cli.Progress;
using Tuner.Contracts;
using Tuner.Contracts.Jobs;
using Tuner.Contracts.Protocol;
using Tuner.Contracts.Results;
using Tuner.Coordinator.Api;
using Tuner.Coordinator.Jobs;
using Tuner.Runtime.Blobs;
using Tuner.Runtime.Configuration;
using Tuner.Training;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner run JOB.json|- [--workers N] [--db FILE] [--out DIR] [--json]</c>: local single-node
/// mode. Re-running with the same database resumes (finished trials are not trained again), or reports a finished job
/// (its data file may be gone by then); a spec that changed the search is refused with what differs. Ctrl-C saves and
/// exits 130.</summary>
public static class RunCommand
{
    public const int MaxWorkers = 256;

    public static Command Create()
    {
        var file = JobSpecSource.Argument("Either way the job is the spec's name (its journal entry, --out's default): the same spec run again resumes it.");
        var workers = new BoundedIntegerOption("--workers", 1, MaxWorkers, "In-process workers, one trial each (default: processor count).")
        {
            DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, MaxWorkers),
        };
        var db = new Option<string>("--db") { Description = "Journal: a SQLite file (default ./tuner.db); checkpoints go to <db>.checkpoints/.", DefaultValueFactory = _ => NodeSettings.DefaultDb };
        var output = new Option<string?>("--out") { Description = "Where results.json, trials.csv and the best model go (default ./tuner-out/NAME/)." }
            .NotEmpty("a folder (leave --out out for ./tuner-out/NAME/)");
        var json = new Option<bool>("--json") { Description = "Print exactly results.json on stdout; progress goes to stderr." };
        var command = new Command("run", "Run a tuning job on this machine (local mode): journal, workers and results in one process.") { file, workers, db, output, json };
        command.SetAction(async (parse, cancellation) =>
        {
            JobSpecSource? source = null;
            // Ctrl-C at a terminal's prompt for the spec (tuner run -) interrupts before anything is saved: plainly "interrupted".
            var read = await TunerCli.Guard(async () =>
            {
                source = await JobSpecSource.ReadAsync(parse.GetValue(file)!, cancellation);
                return ExitCodes.Success;
            });
            if (source is null) return read;
            return await TunerCli.Guard(() => RunAsync(
                source, parse.GetValue(workers), parse.GetValue(db)!, parse.GetValue(output), parse.GetValue(json), cancellation),
                TunerCli.InterruptedRun);
        });
        return command;
    }

    private static async Task<int> RunAsync(JobSpecSource source, int workers, string dbValue, string? outDir, bool json, CancellationToken cancellation)
    {
        var (text, spec, _, baseDirectory) = source;
        // tuner validate's checks, before the node starts: bad data is said first and alone, in validate's words, not after
        // the node's start and stop logs. A CSV uploaded to a coordinator, which validate leaves to it, is not here at all.
        InvalidInputException? dataGone = null;
        try
        {
            if (SpecDataCheck.Run(spec, baseDirectory) is { } uploaded) throw JobData.DatasetNotHere(uploaded);
        }
        catch (InvalidInputException e) when (JobData.DataFileMissing(spec, baseDirectory))
        {
            // Refused only if the job is not finished in the journal (FinishedJob): a finished one's results need no data.
            dataGone = e;
        }
        outDir ??= Path.Combine("tuner-out", spec.Name);
        CheckOutputFolder(outDir);
        var db = DatabaseTarget.Parse(dbValue);
        // No journal yet, so no finished job in it: refused at once, without creating a database for a mistyped path.
        if (dataGone is not null && db.SqliteFile is { } journal && !File.Exists(journal)) throw dataGone;
        await DatabaseProbe.CheckAsync(db, cancellation, setting: "--db");
        using var journalLock = db.SqliteFile is { } sqliteFile ? SqliteJournalLock.Take(sqliteFile, "--db") : null;
        using var diskSpace = new LocalDiskSpace(db, LocalDiskSpace.Wait, TimeProvider.System);
        var blobs = diskSpace.Watch(BlobStores.For(db));
        // Ctrl-C, or a disk that stayed full (LocalDiskSpace): the run stops the same way, handing its trials back.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation, diskSpace.GaveUp);
        var live = JobProgressView.IsLive(json);
        JobProgressView.PrepareLogging(live);
        // A job whose data is gone is only looked up, never trained: no workers, and no information logs (a live view shows
        // none anyway), which would only precede a refusal.
        if (dataGone is not null && !live) CliLogging.ShowWarningsOnly();

        using var host = LocalNode.Build(db, blobs, dataGone is null ? workers : 0, baseDirectory, diskSpace);
        await host.StartAsync(CancellationToken.None);
        JobSummary? final;
        ResultsDocument results;
        IReadOnlyList<string> files;
        try
        {
            var system = host.Services.GetRequiredService<Akka.Actor.ActorSystem>();
            var manager = ActorRegistry.For(system).Get<JobManagerKey>();
            var client = new JobManagerClient(manager);
            // The spec as written: the job manager here reads data.path relative to the spec (as the job's data blob), so its
            // messages name the file.
            var submission = new JobProtocol.SubmitJob(text, spec.Name);
            await StartJobAsync(client, submission, spec, db, workers, dataGone, stopping.Token);

            // Should the job manager restart (it stops its jobs), the same submission resumes the job again.
            var (_, summaries) = JobSubscription.Start(system, manager, spec.Name, resubmit: submission);
            final = await JobProgressView.RunAsync(summaries, live, stopping.Token, async ct => new WorkerRoster(await client.WorkersAsync(ct)));
            results = await client.ResultsAsync(spec.Name, CancellationToken.None)
                ?? throw new InvalidOperationException($"job {spec.Name} has no results");
            var dataBlob = (await client.BestModelAsync(spec.Name, CancellationToken.None))?.DataBlob;
            try
            {
                files = await RunOutputs.WriteAsync(outDir, results, spec, baseDirectory, blobs, dataBlob, CancellationToken.None);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Checked before the search, so the folder changed since (a full disk, permissions): the results are safe.
                throw new IOException($"--out: the results could not be written to {Path.GetFullPath(outDir)}: {e.Message}. They are kept in {db.Description}: run the same command with a --out you can write to, and it writes them without training again", e);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.Information("Interrupted: handing running trials back and saving state (run the same command again to resume)");
            throw;
        }
        catch (OperationCanceledException) when (diskSpace.GaveUp.IsCancellationRequested)
        {
            throw diskSpace.Stopped(); // exit 1 with why, once the host below has stopped
        }
        finally
        {
            // Graceful: workers hand their trials back, jobs persist, then the system terminates. Before the results are
            // printed, so that the shutdown's log lines do not follow them.
            await host.StopAsync(CancellationToken.None);
        }

        if (json)
        {
            await Console.Out.WriteLineAsync(RunOutputs.ResultsJson(results));
        }
        else
        {
            ResultsTable.Write(results);
            await Console.Out.WriteLineAsync($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {Path.GetFullPath(outDir)}");
        }
        return results.Status switch
        {
            JobStatuses.Completed => ExitCodes.Success,
            _ => Fail($"job {spec.Name} ended {results.Status}{(final?.Error is { } e ? ": " + e : "")}"),
        };
    }

    /// <summary>Submits the job (a new one starts, a known one resumes) or, when its data file is gone, finds it finished
    /// (else <paramref name="dataGone"/> is the refusal).</summary>
    private static async Task StartJobAsync(JobManagerClient client, JobProtocol.SubmitJob submission, JobSpec spec, DatabaseTarget db, int workers,
        InvalidInputException? dataGone, CancellationToken cancellation)
    {
        if (dataGone is not null)
        {
            if (!await FinishedJob.WithoutDataAsync(client, spec, cancellation)) throw dataGone;
            Log.Warning("{Problem}; job {JobId} finished in {Database}, so its results are reported from there", dataGone.Message, spec.Name, db.Description);
            return;
        }
        switch (await client.SubmitAsync(submission, cancellation))
        {
            case JobProtocol.JobRejected rejected:
                throw new InvalidInputException(rejected.Errors);
            case JobProtocol.JobAccepted { Resumed: true } accepted:
                Log.Information("Resuming job {JobId} from {Database}: finished trials are kept", accepted.JobId, db.Description);
                break;
            default:
                Log.Information("Running job {JobId} ({Algorithm}): workers {Workers}, journal {Database}", spec.Name, spec.Algorithm.Type, workers, db.Description);
                break;
        }
    }

    /// <summary>The outputs are written after the search: a --out that cannot be a folder (a file, or under one) or that
    /// this user cannot write is refused before any training, not after it (the command ended in an IOException's
    /// message, exit 1). No folder is created here, so a run refused for another reason leaves no empty folder behind.</summary>
    private static void CheckOutputFolder(string outDir)
    {
        var full = Path.GetFullPath(outDir);
        if (File.Exists(full)) throw new InvalidInputException($"--out: {outDir} is a file; give a folder for results.json, trials.csv, report.html and the best model");
        for (var folder = full; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder))
            {
                CheckWritable(outDir, folder);
                return;
            }
            if (File.Exists(folder)) throw new InvalidInputException($"--out: cannot create the folder {outDir}: {folder} is a file; give a folder you can write to");
        }
    }

    /// <summary>Whether a file can be created in <paramref name="folder"/> (the folder itself or the nearest one that exists),
    /// by creating one that deletes itself.</summary>
    private static void CheckWritable(string outDir, string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".tuner-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : "the file system refuses new files there";
            throw new InvalidInputException($"--out: cannot write to {folder}{(folder == Path.GetFullPath(outDir) ? "" : $" (to create {outDir})")}: {reason}; give a folder you can write to");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.RuntimeFailure;
    }
}
