namespace Tuner.Cli.Tests.Commands;

/// <summary>Runs the <c>tuner</c> command in-process and captures its exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await TunerCli.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    /// <summary>A temporary file holding <paramref name="text"/>, deleted on dispose.</summary>
    public sealed class TempFile : IDisposable
    {
        public TempFile(string text)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tuner-test-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }

    public const string ValidJob = """
        {
          "name": "sine-lstm",
          "seed": 42,
          "data": { "kind": "sine", "length": 1000, "noise": 0.1 },
          "window": 10,
          "searchSpace": {
            "units":         { "type": "int",   "min": 32,   "max": 512,  "step": 32 },
            "learning_rate": { "type": "float", "min": 1e-4, "max": 1e-2, "sampling": "log" }
          },
          "algorithm": { "type": "hyperband", "maxEpochs": 27, "factor": 3 }
        }
        """;
}
