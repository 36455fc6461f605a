using System.CommandLine;
using Serilog;
using Tuner.Cli.Commands;
using Tuner.Cli.Logging;
using Tuner.Contracts;

namespace Tuner.Cli;

/// <summary>The <c>tuner</c> command: parses arguments, sets up logging, runs one command and maps
/// failures to the exit codes of PRODUCT.md §2 (never a stack trace on the terminal).</summary>
public static class TunerCli
{
    /// <summary><c>--log-format text|json</c>, on every command.</summary>
    public static readonly Option<string?> LogFormat = new("--log-format")
    {
        Description = "Log format on stderr: text (default) or json. Also TUNER_LOG_FORMAT.",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: debug-level logs.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Debug-level logs (and, under a live progress view, every log line above it).",
        Recursive = true,
    };

    /// <summary><c>--log-file FILE</c>: every log line also appended to a file.</summary>
    public static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Also append every log line to FILE (information and up; debug with --verbose), whatever stderr shows.",
        Recursive = true,
    };

    public static RootCommand BuildRoot() => BuildRoot(CommandCatalog.All());

    /// <summary>A root with the global options and <paramref name="commands"/> (another program composed of some of
    /// tuner's commands, e.g. the dispatch benchmarks' worker).</summary>
    public static RootCommand BuildRoot(IEnumerable<Command> commands)
    {
        var root = new RootCommand("Tuner: distributed hyperparameter tuning for LSTM/GRU models, without Python.");
        root.Options.Add(LogFormat);
        root.Options.Add(Verbose);
        root.Options.Add(LogFile);
        foreach (var command in commands)
            root.Subcommands.Add(command);
        return root;
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(BuildRoot(), args);

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (ParseErrorText.Problems(parse) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
                await Console.Error.WriteLineAsync(problem);
            // The help of the command the problem is about (tuner plan --help lists plan's options; tuner --help, commands).
            var help = parse.CommandResult.Command is RootCommand ? "tuner --help" : $"tuner {parse.CommandResult.Command.Name} --help";
            await Console.Error.WriteLineAsync($"Run '{help}' for usage.");
            return ExitCodes.InvalidInput;
        }
        var (logFormat, logFormatSource) = CliLogging.Resolve(parse.GetValue(LogFormat));
        var logFile = parse.GetValue(LogFile);
        var logProblem = CliLogging.Validate(logFormat, logFormatSource) ?? CliLogging.ValidateLogFile(logFile);
        if (logProblem is not null)
        {
            await Console.Error.WriteLineAsync($"error: {logProblem}");
            return ExitCodes.InvalidInput;
        }
        CliLogging.Configure(new CliLogging.LogSettings(logFormat, parse.GetValue(Verbose), logFile));
        try
        {
            // Ctrl-C / SIGTERM cancel the command's token; give it time to hand trials back and persist.
            using var signals = new ProcessSignals(TimeSpan.FromSeconds(90));
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>What Ctrl-C leaves behind, said when a command is interrupted: only <c>tuner run</c> saves state to
    /// resume from (<see cref="Guard"/>'s default says nothing of the kind).</summary>
    public const string InterruptedRun = "interrupted: state saved; run the same command again to resume";

    /// <summary>Runs a command body and turns its failures into exit codes: bad input 2 (the
    /// problems, one per line), cancellation 130 with <paramref name="interrupted"/>, anything else 1 with a one-line message.</summary>
    public static async Task<int> Guard(Func<Task<int>> body, string interrupted = "interrupted")
    {
        try
        {
            return await body();
        }
        catch (InvalidInputException e)
        {
            foreach (var problem in e.Problems)
                await Console.Error.WriteLineAsync(problem);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            ClosingWords.OfProcess.Say(interrupted);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            Log.Debug(e, "Command failed");
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }
}
