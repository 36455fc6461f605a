using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
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
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is SynchronousCommandLineAction action)
                help.Action = new NodeHelpAction(action);
        return root;
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(BuildRoot(), args);

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var (logFormat, logFormatSource) = CliLogging.Resolve(GivenLogFormat(parse));
        var formatProblem = CliLogging.Validate(logFormat, logFormatSource);
        var settings = new CliLogging.LogSettings(logFormat, Verbose: false, LogFile: null);
        // A node logging JSON says even a refused command line as a log event (StderrLines): its stderr stays all JSON.
        StderrLines.AsEvents = false;
        if (formatProblem is null && settings.Json && parse.CommandResult.Command is NodeCommand)
        {
            CliLogging.Configure(settings);
            StderrLines.AsEvents = true;
        }
        try
        {
            // --help shows the command's help whatever else the line lacks (tuner run --help has no JOB.json).
            if (parse.Action is not (HelpAction or NodeHelpAction) && ParseErrorText.Problems(parse) is { Count: > 0 } problems)
            {
                // The help of the command the problem is about (tuner plan --help lists plan's options; tuner --help, commands).
                var help = parse.CommandResult.Command is RootCommand ? "tuner --help" : $"tuner {parse.CommandResult.Command.Name} --help";
                StderrLines.Fail([.. problems, $"Run '{help}' for usage."], ExitCodes.InvalidInput);
                return ExitCodes.InvalidInput;
            }
            var logFile = parse.GetValue(LogFile);
            if ((formatProblem ?? CliLogging.ValidateLogFile(logFile)) is { } logProblem)
            {
                StderrLines.Fail([logProblem], ExitCodes.InvalidInput, plainPrefix: "error: ");
                return ExitCodes.InvalidInput;
            }
            CliLogging.Configure(settings with { Verbose = parse.GetValue(Verbose), LogFile = logFile });
            // Ctrl-C / SIGTERM cancel the command's token; give it time to hand trials back and persist.
            using var signals = new ProcessSignals(TimeSpan.FromSeconds(90));
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
            StderrLines.AsEvents = false;
        }
    }

    /// <summary>The <c>--log-format</c> flag's value; null when it is not given or is itself a parse problem (a flag
    /// without its value), which is then said as plain text.</summary>
    private static string? GivenLogFormat(ParseResult parse) =>
        parse.GetResult(LogFormat) is { } result && !parse.Errors.Any(e => e.SymbolResult == result) ? result.GetValueOrDefault<string?>() : null;

    /// <summary>What Ctrl-C leaves behind, said when a command is interrupted: only <c>tuner run</c> saves state to
    /// resume from (<see cref="Guard"/>'s default says nothing of the kind).</summary>
    public const string InterruptedRun = "interrupted: state saved; run the same command again to resume";

    /// <summary>Runs a command body and turns its failures into exit codes: bad input 2 (the
    /// problems, one per line), cancellation 130 with <paramref name="interrupted"/>, anything else 1 with a one-line message
    /// (a node logging JSON says each as one log event: <see cref="StderrLines"/>).</summary>
    public static async Task<int> Guard(Func<Task<int>> body, string interrupted = "interrupted")
    {
        try
        {
            return await body();
        }
        catch (InvalidInputException e)
        {
            StderrLines.Fail(e.Problems, ExitCodes.InvalidInput);
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
            var message = e is OutOfMemoryException ? Training.MemoryLimit.OutOfMemory("this command") : e.Message;
            StderrLines.Fail([message], ExitCodes.RuntimeFailure, plainPrefix: "error: ");
            return ExitCodes.RuntimeFailure;
        }
    }
}
