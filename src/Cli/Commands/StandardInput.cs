namespace Tuner.Cli.Commands;

/// <summary>A command's input given as <c>-</c>: all of standard input, read once.</summary>
internal static class StandardInput
{
    /// <summary>The argument that names standard input, by the Unix convention.</summary>
    public const string Dash = "-";

    /// <summary>What messages call it ("- line 6" named nothing).</summary>
    public const string Name = "standard input";

    /// <summary>All of standard input. In a terminal it first says on stderr what to type (<paramref name="prompt"/>):
    /// the command would otherwise wait in silence. A read from a terminal or an idle pipe blocks and cannot be
    /// cancelled: the command stops waiting for it at Ctrl-C (exit 130 at once, where it waited out the 90 s grace) and
    /// the blocked read ends with the process.</summary>
    public static async Task<byte[]> ReadAllAsync(string prompt, CancellationToken cancellation)
    {
        if (!Console.IsInputRedirected) await Console.Error.WriteLineAsync(prompt);
        return await Task.Run(() =>
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }, CancellationToken.None).WaitAsync(cancellation);
    }
}
