using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tuner.Cli.Tests.Processes;
using Xunit.Abstractions;

namespace Tuner.Cli.Tests.Deploy;

/// <summary>The Dockerfile, without a Docker engine: its structure (stages, non-root user, exec-form
/// entry point, what it copies), its .dockerignore, and its build stage run for real — the COPY
/// instructions replayed from the repository through .dockerignore into a scratch folder, the RUN
/// commands (dotnet only) executed there, the runtime stage's entry point started with its ENV.</summary>
[Collection(ProcessTests.Name)]
public sealed partial class DockerfileTests(ITestOutputHelper output)
{
    private static readonly DockerfileModel Dockerfile = DockerfileModel.Load();

    [Fact]
    public void It_builds_on_the_SDK_and_runs_on_the_ASP_NET_runtime_of_the_repositorys_NET()
    {
        var sdkVersion = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(Support.Repository.Root, "global.json")))!["sdk"]!["version"]!;
        var channel = string.Join('.', sdkVersion.Split('.').Take(2)); // 10.0
        Assert.Equal(2, Dockerfile.Stages.Count);
        var build = Dockerfile.Stages[0];
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{channel}", build.BaseImage);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{channel}", Dockerfile.Final.BaseImage);
        // The build runs on the builder's platform and publishes for the target's (no emulated SDK).
        Assert.Contains("--platform=$BUILDPLATFORM", build.FromFlags);
        // The build stage uses only what the repository's own build uses.
        Assert.All(build.All("RUN"), run => Assert.StartsWith("dotnet ", run.Arguments, StringComparison.Ordinal));
        // Nothing is installed into the runtime image.
        Assert.Empty(Dockerfile.Final.All("RUN"));
        var copyFrom = Assert.Single(Dockerfile.Final.All("COPY"));
        Assert.StartsWith($"--from={build.Name} ", copyFrom.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void It_publishes_for_one_runtime_identifier_so_only_that_platforms_native_libraries_ship()
    {
        var publish = Assert.Single(Dockerfile.Stages[0].All("RUN"), r => r.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        var restore = Assert.Single(Dockerfile.Stages[0].All("RUN"), r => r.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        foreach (var run in new[] { publish, restore })
            Assert.Matches(@"(^| )(-a \$TARGETARCH|-r \S+|--runtime \S+|--arch \S+)( |$)", run.Arguments);
        Assert.Contains("--self-contained false", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--no-restore", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void It_runs_as_a_non_root_user_with_an_exec_form_entry_point_so_SIGTERM_reaches_tuner()
    {
        var user = Assert.Single(Dockerfile.Final.All("USER")).Arguments;
        // The base image's numeric `app` user (APP_UID=1654): numeric, so runAsNonRoot can be verified.
        Assert.True(user == "$APP_UID" || (int.TryParse(user, out var uid) && uid > 0), $"USER {user} must be a non-root numeric user");
        var entrypoint = DockerfileModel.ExecForm(Assert.Single(Dockerfile.Final.All("ENTRYPOINT")));
        Assert.NotNull(entrypoint); // shell form would run /bin/sh -c, which does not forward SIGTERM
        var assembly = XDocument.Load(Path.Combine(Support.Repository.Root, "src", "Cli", "Tuner.Cli.csproj")).Descendants("AssemblyName").Single().Value;
        Assert.Equal(new[] { "dotnet", $"{assembly}.dll" }, entrypoint);
        // The role is the command: the manifests pass args ["coordinator"] / ["worker"].
        var cmd = DockerfileModel.ExecForm(Assert.Single(Dockerfile.Final.All("CMD")));
        Assert.NotNull(cmd);
    }

    [Fact]
    public void It_copies_every_project_the_cli_needs_before_restoring()
    {
        var build = Dockerfile.Stages[0];
        var restoreIndex = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        var copiedBeforeRestore = build.Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToHashSet();
        foreach (var project in ProjectClosure(Path.Combine("src", "Cli", "Tuner.Cli.csproj")))
            Assert.True(copiedBeforeRestore.Contains(project.Replace('\\', '/')), $"the Dockerfile must COPY {project} before `dotnet restore`");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            Assert.Contains(file, copiedBeforeRestore);
    }

    [Fact]
    public void The_dockerignore_keeps_build_outputs_and_tests_out_but_not_what_the_build_copies()
    {
        var ignore = DockerIgnore.Load();
        foreach (var path in new[] { "src/Cli/bin/Release/net10.0/tuner.dll", "src/Engine/obj/project.assets.json", ".git/HEAD", "tests/Cli.Tests/Tuner.Cli.Tests.csproj", ".tuner-build/tuner.dll", "deploy/k8s/validate/node_modules/yaml/package.json" })
            Assert.True(ignore.Ignores(path), $".dockerignore should keep {path} out of the build context");
        foreach (var path in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "src/Cli/Program.cs", "src/Cli/Tuner.Cli.csproj", "src/Coordinator/Jobs/JobActor.cs" })
            Assert.False(ignore.Ignores(path), $".dockerignore must not drop {path}: the Dockerfile copies it");
    }

    /// <summary>The build stage for real: ~1 minute (a Release publish of six projects on two cores).</summary>
    [Fact]
    public async Task Its_build_stage_publishes_a_tuner_that_the_runtime_stage_can_start()
    {
        var scratch = Directory.CreateTempSubdirectory("tuner-dockerfile-").FullName;
        try
        {
            var ignore = DockerIgnore.Load();
            var buildStage = Dockerfile.Stages[0];
            // BuildKit's TARGETARCH for this machine.
            var targetArch = RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => throw new NotSupportedException(a.ToString()) };
            string Root(string containerPath) => Path.Combine(scratch, "build", containerPath.TrimStart('/'));
            var workdir = Root("/");
            var args = new Dictionary<string, string>();
            foreach (var instruction in buildStage.Instructions)
            {
                switch (instruction.Keyword)
                {
                    case "ARG":
                        args[instruction.Arguments] = instruction.Arguments == "TARGETARCH" ? targetArch : throw new NotSupportedException($"ARG {instruction.Arguments}");
                        break;
                    case "WORKDIR":
                        workdir = Root(instruction.Arguments);
                        Directory.CreateDirectory(workdir);
                        break;
                    case "COPY":
                        var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        foreach (var source in words.SkipLast(1)) CopyFromContext(source.TrimEnd('/'), Path.Combine(workdir, words[^1]), ignore);
                        break;
                    case "RUN":
                        var command = args.Aggregate(instruction.Arguments, (text, a) => text.Replace("$" + a.Key, a.Value, StringComparison.Ordinal));
                        // Absolute paths are the container's: map them into the scratch root.
                        var argv = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.StartsWith('/') ? Root(w) : w).ToList();
                        Assert.Equal("dotnet", argv[0]);
                        await RunAsync(argv[1..], workdir, TimeSpan.FromMinutes(5));
                        break;
                    default:
                        throw new NotSupportedException($"build stage instruction {instruction.Keyword}");
                }
            }

            // The runtime stage: what COPY --from=build brings, started the way the ENTRYPOINT starts it.
            var final = Dockerfile.Final;
            var copy = final.All("COPY").Single().Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var app = Root(copy[1]);
            Assert.True(File.Exists(Path.Combine(app, "tuner.dll")), $"no tuner.dll in {copy[1]} after the build stage");
            // One runtime identifier: the native libraries sit beside the app, no runtimes/<rid>/ tree of every platform.
            Assert.False(Directory.Exists(Path.Combine(app, "runtimes")), "runtimes/ holds native libraries for every platform: the publish lacks a runtime identifier");
            Assert.True(File.Exists(Path.Combine(app, "libe_sqlite3.so")), "the SQLite native library of the target platform is missing");
            var sizeMb = new DirectoryInfo(app).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1e6;
            output.WriteLine($"published app: {sizeMb:F0} MB");

            var entrypoint = DockerfileModel.ExecForm(final.All("ENTRYPOINT").Single())!;
            var cmd = DockerfileModel.ExecForm(final.All("CMD").Single())!;
            var env = new Dictionary<string, string>(Dockerfile.RuntimeEnvironment);
            var (exitCode, stdout) = await RunAsync([.. entrypoint[1..], .. cmd], app, TimeSpan.FromMinutes(1), env, entrypoint[0]);
            Assert.Equal(0, exitCode);
            Assert.Contains("coordinator", stdout, StringComparison.Ordinal);
            Assert.Contains("worker", stdout, StringComparison.Ordinal);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    private static void CopyFromContext(string source, string destination, DockerIgnore ignore)
    {
        var from = Path.Combine(Support.Repository.Root, source);
        if (File.Exists(from))
        {
            var target = destination.EndsWith('/') || Directory.Exists(destination) ? Path.Combine(destination, Path.GetFileName(from)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return;
        }
        Assert.True(Directory.Exists(from), $"COPY source {source} does not exist");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Support.Repository.Root, file).Replace('\\', '/');
            if (ignore.Ignores(relative)) continue;
            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private async Task<(int ExitCode, string Stdout)> RunAsync(IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout,
        Dictionary<string, string>? environment = null, string program = "dotnet")
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        // No MSBuild or build-server processes outliving the command (a container's RUN leaves none either).
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (k, v) in environment ?? []) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{program} {string.Join(' ', args)} took over {timeout}"); }
        var text = await stdout + await stderr;
        output.WriteLine($"$ {program} {string.Join(' ', args)} -> {process.ExitCode}");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed:\n{text}");
        return (process.ExitCode, await stdout);
    }

    /// <summary>The projects <paramref name="project"/> needs, itself included, as repository-relative paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var xml = XDocument.Load(Path.Combine(Support.Repository.Root, current));
            foreach (var reference in xml.Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(Support.Repository.Root, Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(Support.Repository.Root, full));
            }
        }
        return seen;
    }

    /// <summary>.dockerignore patterns (Go filepath.Match plus <c>**</c>, as Docker reads them), enough for ours.</summary>
    private sealed class DockerIgnore(List<(Regex Pattern, bool Exclude)> rules)
    {
        public static DockerIgnore Load()
        {
            var rules = new List<(Regex, bool)>();
            foreach (var raw in File.ReadAllLines(Path.Combine(Support.Repository.Root, ".dockerignore")))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                bool exclude = !line.StartsWith('!');
                var pattern = line.TrimStart('!').TrimStart('/').TrimEnd('/');
                var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "(/.*)?$";
                rules.Add((new Regex(regex), exclude));
            }
            return new DockerIgnore(rules);
        }

        /// <summary>Whether a repository-relative path stays out of the build context (the last matching rule wins).</summary>
        public bool Ignores(string path)
        {
            bool ignored = false;
            foreach (var (pattern, exclude) in rules)
                if (pattern.IsMatch(path)) ignored = exclude;
            return ignored;
        }
    }
}
