using System.CommandLine;
using Tuner.Contracts;

using Tuner.Cli.Commands;

namespace Tuner.Cli.Client;

/// <summary><c>--server URL</c> (else TUNER_SERVER, else the coordinator's default address) and the bearer token
/// from TUNER_API_TOKEN (never a flag: command lines are visible to every user of the machine).</summary>
public static class ServerOptions
{
    public const string DefaultServer = Hosting.NodeSettings.DefaultHttp;

    public static Option<string?> Create() => new("--server")
    {
        Description = $"The coordinator's HTTP address (TUNER_SERVER; default {DefaultServer}). The token comes from TUNER_API_TOKEN.",
    };

    /// <summary>The <c>ID</c> argument of the commands about one job.</summary>
    public static Argument<string> JobIdArgument(string description = "The job id.")
    {
        // A script's ID=$(tuner submit …) that failed hands on "": it asked for /api/jobs//results.
        return new Argument<string>("ID") { Description = description }.NotEmpty("a job id (tuner jobs lists them)");
    }

    /// <summary><c>--json</c>: the server's JSON instead of text for people.</summary>
    public static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    /// <summary>Sets <paramref name="command"/>'s action: <paramref name="action"/> with a client for <paramref name="server"/>
    /// (connected first, so a bad URL is reported before anything else), failures mapped by <see cref="TunerCli.Guard"/>.</summary>
    /// <param name="interrupted">What Ctrl-C says (<see cref="TunerCli.Guard"/>).</param>
    public static void SetClientAction(Command command, Option<string?> server, Func<ParseResult, TunerApiClient, CancellationToken, Task<int>> action, string interrupted = "interrupted") =>
        SetLazyClientAction(command, server, (parse, client, ct) => action(parse, client.Value, ct), interrupted);

    /// <summary>As <see cref="SetClientAction"/>, with a client created on first use (for a command that checks its own input first).</summary>
    public static void SetLazyClientAction(Command command, Option<string?> server, Func<ParseResult, Lazy<TunerApiClient>, CancellationToken, Task<int>> action, string interrupted = "interrupted") =>
        command.SetAction((parse, ct) => TunerCli.Guard(async () =>
        {
            var client = new Lazy<TunerApiClient>(() => Connect(parse.GetValue(server)));
            try
            {
                return await action(parse, client, ct);
            }
            finally
            {
                if (client.IsValueCreated) client.Value.Dispose();
            }
        }, interrupted));

    /// <summary>A client for the server named by <paramref name="flag"/> or the environment; a bad URL is bad input.</summary>
    public static TunerApiClient Connect(string? flag)
    {
        var text = flag ?? Env("TUNER_SERVER") ?? DefaultServer;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
            throw new InvalidInputException($"--server / TUNER_SERVER: '{text}' is not an http(s) URL, e.g. http://127.0.0.1:8080");
        // HttpClient sends no credentials from a URL, and every message would repeat them: refused, and not echoed.
        if (uri.UserInfo.Length > 0)
            throw new InvalidInputException($"--server / TUNER_SERVER: a user name or password in the URL is never sent; leave it out " +
                $"({uri.Scheme}://{uri.Authority}{uri.AbsolutePath}) and give the API token in TUNER_API_TOKEN");
        // Relative API paths resolve under the base path (a coordinator behind a path prefix).
        if (!uri.AbsolutePath.EndsWith('/')) uri = new Uri(uri + "/");
        var problems = new List<string>();
        var token = ApiTokenVariable.Parse(Env(ApiTokenVariable.Name), problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new TunerApiClient(uri, token);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
