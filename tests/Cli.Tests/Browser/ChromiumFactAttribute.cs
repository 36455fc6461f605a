using Tuner.Bench;

namespace Tuner.Cli.Tests.Browser;

/// <summary>A test that needs Debian's Chromium: skipped (never passed) without it, failing under TUNER_REQUIRE_CHROMIUM=1
/// (<c>./build.sh test</c> installs Chromium and sets it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(HeadlessChromium.Executable) && Environment.GetEnvironmentVariable("TUNER_REQUIRE_CHROMIUM") != "1")
            Skip = $"{HeadlessChromium.Executable} is missing: run ./build.sh test, which installs Debian's chromium";
    }
}
