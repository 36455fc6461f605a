using System.Globalization;

namespace Tuner.Contracts;

/// <summary>A byte count for people: 4 GiB, 512 MiB, 1.5 KiB, 300 bytes.</summary>
public static class ByteSize
{
    public static string Of(long bytes) => UnitOf(bytes) switch
    {
        (1, var name) => string.Create(CultureInfo.InvariantCulture, $"{bytes} {name}"),
        var (size, name) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)size:0.##} {name}"),
    };

    /// <summary>The unit <see cref="Of"/> shows <paramref name="bytes"/> in (its size in bytes, its name), for figures
    /// that go together in one unit: an upload's "110.6 of 190.7 MiB".</summary>
    public static (long Size, string Name) UnitOf(long bytes) => bytes switch
    {
        >= 1L << 30 => (1L << 30, "GiB"),
        >= 1L << 20 => (1L << 20, "MiB"),
        >= 1L << 10 => (1L << 10, "KiB"),
        _ => (1, "bytes"),
    };
}
