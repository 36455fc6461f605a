using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tuner.Engine.Data;

/// <summary>SHA-256 content hashes (lowercase hex) the cluster uses as cache keys for datasets.</summary>
/// <remarks>
/// The two overloads hash different encodings: a CSV text and the series loaded from it have
/// different fingerprints, so a cache must key each kind consistently. Text is hashed byte for byte
/// as UTF-8: the same data with <c>\r\n</c> instead of <c>\n</c> is a different text (a cache miss,
/// never a wrong hit).
/// </remarks>
public static class DataFingerprint
{
    private const int ChunkBytes = 64 * 1024;

    // Bumped if the series encoding ever changes, so old cache keys can never match new ones.
    private static readonly byte[] SeriesTag = Encoding.ASCII.GetBytes("tuner-series-v1\0");

    /// <summary>SHA-256 of the UTF-8 bytes of <paramref name="csvText"/>, hashed in chunks (no full copy of a large text).</summary>
    public static string Of(string csvText)
    {
        ArgumentNullException.ThrowIfNull(csvText);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            Encoder encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
            ReadOnlySpan<char> rest = csvText;
            int maxChars = ChunkBytes / 3; // at most 3 UTF-8 bytes per UTF-16 char
            bool done = false;
            while (!done)
            {
                int take = Math.Min(maxChars, rest.Length);
                bool last = take == rest.Length;
                encoder.Convert(rest[..take], buffer, flush: last, out int charsUsed, out int bytesUsed, out _);
                hash.AppendData(buffer, 0, bytesUsed);
                rest = rest[charsUsed..];
                done = last && charsUsed == take;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>SHA-256 of a canonical encoding of <paramref name="series"/>: names, shape, then every value as little-endian float32.</summary>
    public static string Of(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SeriesTag);
        Span<byte> word = stackalloc byte[4];
        AppendInt(hash, word, series.Length);
        AppendInt(hash, word, series.FeatureCount);
        AppendString(hash, word, series.TargetName);
        foreach (string name in series.FeatureNames)
        {
            AppendString(hash, word, name);
        }

        AppendFloats(hash, series.Features);
        AppendFloats(hash, series.Target);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendInt(IncrementalHash hash, Span<byte> word, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(word, value);
        hash.AppendData(word);
    }

    // Length-prefixed, so ("ab", "c") and ("a", "bc") encode differently.
    private static void AppendString(IncrementalHash hash, Span<byte> word, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        AppendInt(hash, word, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendFloats(IncrementalHash hash, ReadOnlySpan<float> values)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (!values.IsEmpty)
            {
                int take = Math.Min(values.Length, ChunkBytes / sizeof(float));
                for (int i = 0; i < take; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), values[i]);
                }

                hash.AppendData(buffer, 0, take * sizeof(float));
                values = values[take..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
