using System.Diagnostics;
using System.Globalization;
using Tuner.Cli.Terminal;
using Tuner.Contracts;

namespace Tuner.Cli.Progress;

/// <summary>The progress of a dataset upload on stderr. In a terminal, one line redrawn in place (at most ten times a
/// second): <c>uploading data.csv ━━━━━━━───── 58% 110.6 of 190.7 MiB · 39.5 MiB/s</c>, kept with the final figures at
/// the end. Piped (CI, logs), one line when the upload starts and one when it ends. Sizes are in the unit that suits the
/// file's (<see cref="ByteSize"/>): in megabytes alone a small CSV was "0.0 MB".</summary>
internal sealed class UploadProgress : IDisposable
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _name;
    private readonly long _total;
    private readonly TerminalProfile _profile;
    private readonly LiveRegion? _region;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDraw; // none yet: the first report draws
    private long _sent;

    public UploadProgress(string name, long total, TerminalProfile profile)
    {
        (_name, _total, _profile) = (name, total, profile);
        if (profile.IsTerminal) _region = LiveRegion.OpenOnStandardError(profile);
        else Console.Error.WriteLine($"uploading {name} ({ByteSize.Of(total)})");
        Report(0);
    }

    /// <summary>Bytes sent so far; called from the upload's thread.</summary>
    public void Report(long sent)
    {
        _sent = sent;
        if (_region is null) return;
        var now = _clock.Elapsed;
        if (sent < _total && _lastDraw is { } last && now - last < RedrawInterval) return;
        _lastDraw = now;
        _region.Show([Line(sent, now, _region.DrawableSize.Columns)]);
    }

    /// <summary>The upload ended with <paramref name="datasetId"/>: the last line stays.</summary>
    public void Done(string datasetId)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var text = string.Create(CultureInfo.InvariantCulture, $"uploaded {_name}: {ByteSize.Of(_sent)} in {seconds:0.0} s as {datasetId}");
        if (_region is null) Console.Error.WriteLine(text);
        else _region.Close([new StyledLine().Add(text)]);
    }

    /// <summary>The line in at most <paramref name="columns"/>: narrower, the bar shrinks, then the sizes take their
    /// short form, the rate goes, the word "uploading", then the sizes; the name and the percentage stay.</summary>
    internal StyledLine Line(long sent, TimeSpan elapsed, int columns)
    {
        var share = _total > 0 ? Math.Clamp((double)sent / _total, 0, 1) : 1;
        var glyphs = _profile.Glyphs;
        var rate = elapsed.TotalSeconds > 0.2 ? sent / elapsed.TotalSeconds : 0;
        var percent = string.Create(CultureInfo.InvariantCulture, $" {share * 100,3:0}%");
        // The sent part counts up in the file's unit; the rate has its own (a GiB file goes at MiB/s).
        var (unit, name) = ByteSize.UnitOf(_total);
        var (rateUnit, rateName) = ByteSize.UnitOf((long)rate);
        var sizes = $" {Figure(sent, unit)} of {Figure(_total, unit)} {name}";
        var sizesShort = $" {Figure(sent, unit)}/{Figure(_total, unit)} {name}";
        var speed = glyphs.Separator + $"{Figure(rate, rateUnit)} {rateName}/s";
        string head = $"uploading {_name} ", brief = $"{_name} ";
        return StatusLine.Fit(share, glyphs, columns,
            (head, percent + sizes + speed),
            (head, percent + sizesShort + speed),
            (head, percent + sizesShort),
            (brief, percent + sizesShort),
            (brief, percent),
            ("", percent + sizesShort));
    }

    /// <summary>One decimal, fixed, so the figures do not jitter as the line is redrawn; whole numbers of bytes.</summary>
    private static string Figure(double bytes, long unit) =>
        (bytes / unit).ToString(unit == 1 ? "0" : "0.0", CultureInfo.InvariantCulture);

    public void Dispose() => _region?.Close(null);
}
