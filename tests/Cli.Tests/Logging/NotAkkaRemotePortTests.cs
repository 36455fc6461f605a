using Serilog.Events;
using Serilog.Parsing;
using Tuner.Cli.Logging;

namespace Tuner.Cli.Tests.Logging;

public sealed class NotAkkaRemotePortTests
{
    // As Akka.Remote logs it when a seed names an HTTP port: an error with DotNetty's exception, every few seconds.
    private static LogEvent Event(string local, string remote) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Error, new DotNetty.Codecs.TooLongFrameException("Adjusted frame length exceeds 268435456: 1329865024 - discarded"),
            new MessageTemplateParser().Parse("Error caught channel [{0}->{1}](Id={2})"),
            [new LogEventProperty("0", new ScalarValue(local)), new LogEventProperty("1", new ScalarValue(remote)), new LogEventProperty("2", new ScalarValue("6e9adb2d"))]);

    [Fact]
    public void The_error_becomes_one_warning_per_address_naming_the_likely_mix_up()
    {
        var hint = new NotAkkaRemotePort();
        var (replaced, said) = hint.Check(Event("[::ffff:127.0.0.1]:38994", "[::ffff:127.0.0.1]:8080"));
        Assert.True(replaced);
        Assert.Equal(LogEventLevel.Warning, said!.Level);
        Assert.StartsWith("127.0.0.1:8080 answers, but not as a Tuner node: is it an HTTP port?", said.RenderMessage());
        Assert.Equal((true, (LogEvent?)null), hint.Check(Event("[::ffff:127.0.0.1]:39000", "[::ffff:127.0.0.1]:8080"))); // once per address
        Assert.NotNull(hint.Check(Event("[::ffff:127.0.0.1]:39001", "[::ffff:10.0.0.2]:8080")).Hint);
        var other = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, new InvalidOperationException("x"),
            new MessageTemplateParser().Parse("Error caught channel [{0}->{1}](Id={2})"), []);
        Assert.Equal((false, (LogEvent?)null), hint.Check(other)); // other channel errors stay
    }
}
