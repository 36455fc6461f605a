using Microsoft.Extensions.Time.Testing;
using Tuner.Cli.Progress;

namespace Tuner.Cli.Tests.Progress;

public sealed class StreamOutageTests
{
    [Fact]
    public void Down_from_the_first_loss_until_an_answer()
    {
        var clock = new FakeTimeProvider();
        var outage = new StreamOutage(clock);
        Assert.Null(outage.DownFor);
        outage.Lost();
        clock.Advance(TimeSpan.FromSeconds(3));
        outage.Lost(); // a failed reconnect does not restart the count
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(7), outage.DownFor);
        outage.Answered();
        Assert.Null(outage.DownFor);
    }
}
