using System.Diagnostics;
using Tuner.Cli.Tests.Processes;

namespace Tuner.Cli.Tests.Terminal;

/// <summary>The README's first command, exactly as written there, in a pseudo-terminal on a fresh copy of the
/// repository (what a clone holds: no build output), as a new user types it.</summary>
[Collection(ProcessTests.Name)]
public sealed class ReadmeFirstCommandTests : IDisposable
{
    private readonly string _clone = Directory.CreateTempSubdirectory("tuner-clone-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_clone, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_first_command_of_the_README_works_in_a_terminal_on_a_clean_clone()
    {
        var command = FirstCommand(File.ReadAllLines(Path.Combine(Support.Repository.Root, "README.md")));
        Assert.StartsWith("./tuner ", command);
        CopyRepository(Support.Repository.Root, _clone);

        using var pty = PseudoTerminal.Start(command, _clone, columns: 160, rows: 40);
        // It builds the CLI first (a minute or two here), then runs the search.
        Assert.True(await pty.WaitForExitAsync(TimeSpan.FromMinutes(8)) == 0, $"{command}:\n{pty.Text}");
        var text = pty.Text;
        Assert.Contains("building tuner (once)", text);
        Assert.Contains("best trial", text);
        Assert.Contains("job completed", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("error", text);
        Assert.True(File.Exists(Path.Combine(_clone, "tuner-out", "quick-sine", "results.json")));
    }

    /// <summary>The first line of the README's first shell block, without its comment.</summary>
    private static string FirstCommand(string[] readme)
    {
        var start = Array.FindIndex(readme, line => line.StartsWith("```bash", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no ```bash block");
        var line = readme[start + 1];
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? line[..comment] : line).Trim();
    }

    /// <summary>The files git would put in a clone (tracked, and new ones not ignored), nothing built.</summary>
    private static void CopyRepository(string from, string to)
    {
        var psi = new ProcessStartInfo("git", ["-C", from, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
            { RedirectStandardOutput = true, UseShellExecute = false };
        using var git = Process.Start(psi)!;
        var files = git.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        foreach (var file in files)
        {
            var source = Path.Combine(from, file);
            if (!File.Exists(source)) continue; // deleted in the work tree, not yet committed
            var target = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            if (OperatingSystem.IsLinux()) File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
    }
}
