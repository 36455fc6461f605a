using Tuner.Cli.Output;

namespace Tuner.Cli.Tests.Output;

public sealed class QuantityTests
{
    [Theory]
    [InlineData(0, "0 epochs")]
    [InlineData(1, "1 epoch")]
    [InlineData(2, "2 epochs")]
    [InlineData(12345, "12345 epochs")] // no group separator, whatever the culture
    public void A_count_takes_its_noun_in_the_singular_only_for_one(long count, string expected) =>
        Assert.Equal(expected, Quantity.Of(count, "epoch"));
}
