using Tuner.Cli.Progress;

namespace Tuner.Cli.Tests.Progress;

public sealed class StreamOutageTests
{
    private sealed class Clock : TimeProvider
    {
        public long Ticks { get; set; } = 5_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Down_from_the_first_loss_until_an_answer()
    {
        var clock = new Clock();
        var outage = new StreamOutage(clock);
        Assert.Null(outage.DownFor);
        outage.Lost();
        clock.Ticks += TimeSpan.FromSeconds(3).Ticks;
        outage.Lost(); // a failed reconnect does not restart the count
        clock.Ticks += TimeSpan.FromSeconds(4).Ticks;
        Assert.Equal(TimeSpan.FromSeconds(7), outage.DownFor);
        outage.Answered();
        Assert.Null(outage.DownFor);
    }
}
