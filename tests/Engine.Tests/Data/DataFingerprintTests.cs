using System.Security.Cryptography;
using System.Text;
using Tuner.Engine.Data;

namespace Tuner.Engine.Tests.Data;

public class DataFingerprintTests
{
    [Fact]
    public void Text_fingerprints_are_the_lowercase_SHA256_of_the_UTF8_bytes()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", DataFingerprint.Of(""));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataFingerprint.Of("abc"));
    }

    [Fact]
    public void Large_text_with_multibyte_characters_hashes_the_same_as_in_one_piece()
    {
        // Longer than several internal chunks, with surrogate pairs that straddle chunk boundaries.
        var text = new StringBuilder();
        for (int i = 0; i < 30_000; i++)
        {
            text.Append(i % 7 == 0 ? "🌡️" : i % 5 == 0 ? "°C," : "1.5\n");
        }

        // Runs of surrogate pairs at even and at odd offsets: whatever the chunk size, some chunk
        // boundary splits a pair.
        string pairs = string.Concat(Enumerable.Repeat("🌡", 40_000));
        foreach (string csv in new[] { text.ToString(), pairs, "a" + pairs })
        {
            string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
            Assert.Equal(expected, DataFingerprint.Of(csv));
        }
    }

    [Fact]
    public void Any_change_to_the_text_changes_the_fingerprint()
    {
        Assert.NotEqual(DataFingerprint.Of("temp\n1\n"), DataFingerprint.Of("temp\n1\n\n"));
        Assert.NotEqual(DataFingerprint.Of("temp\n1\n"), DataFingerprint.Of("temp\r\n1\r\n"));
    }

    [Fact]
    public void Equal_series_have_equal_fingerprints_however_their_CSV_was_formatted()
    {
        var lf = CsvSeriesLoader.LoadText("temp,a\n1.0,2\n3,4\n", "temp", ["a"]);
        var crlf = CsvSeriesLoader.LoadText("\"temp\",a\r\n1,\"2.00\"\r\n3,4", "temp", ["a"]);

        Assert.Equal(DataFingerprint.Of(lf), DataFingerprint.Of(crlf));
        Assert.Equal(64, DataFingerprint.Of(lf).Length);
        Assert.Matches("^[0-9a-f]{64}$", DataFingerprint.Of(lf));
    }

    [Fact]
    public void Series_fingerprints_see_values_names_and_shape()
    {
        var series = new TimeSeries("t", ["a", "b"], [1, 2, 3, 4], [5, 6]);
        string baseline = DataFingerprint.Of(series);

        Assert.Equal(baseline, DataFingerprint.Of(new TimeSeries("t", ["a", "b"], [1, 2, 3, 4], [5, 6])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("t", ["a", "b"], [1, 2, 3, 4.0001f], [5, 6])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("t", ["a", "b"], [1, 2, 3, 4], [5, 7])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("u", ["a", "b"], [1, 2, 3, 4], [5, 6])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("t", ["b", "a"], [1, 2, 3, 4], [5, 6])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("t", ["ab"], [1, 2], [5, 6])));
        Assert.NotEqual(baseline, DataFingerprint.Of(new TimeSeries("t", ["a"], [1, 2, 3, 4], [5, 6, 7, 8])));
    }

    [Fact]
    public void Generated_series_fingerprints_follow_the_seed()
    {
        Assert.Equal(DataFingerprint.Of(SeriesGenerators.Sine(100, 0.1, 1)), DataFingerprint.Of(SeriesGenerators.Sine(100, 0.1, 1)));
        Assert.NotEqual(DataFingerprint.Of(SeriesGenerators.Sine(100, 0.1, 1)), DataFingerprint.Of(SeriesGenerators.Sine(100, 0.1, 2)));
    }
}
