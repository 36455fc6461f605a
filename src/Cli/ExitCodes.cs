namespace Tuner.Cli;

/// <summary>The process exit codes of PRODUCT.md §2.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int InvalidInput = 2;
    public const int Interrupted = 130;

    /// <summary>SIGTERM, when a command does not end by itself after it (128 + 15, as a shell reports it).</summary>
    public const int Terminated = 143;
}
