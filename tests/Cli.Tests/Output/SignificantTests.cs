using Tuner.Cli.Output;

namespace Tuner.Cli.Tests.Output;

public sealed class SignificantTests
{
    [Theory]
    [InlineData(0.0271261, 4, "0.02713")]
    [InlineData(0.1498, 4, "0.1498")]
    [InlineData(1234.6, 4, "1235")]
    [InlineData(563412.7, 4, "563400")] // not 5.634E+05
    [InlineData(-563412.7, 3, "-563000")]
    [InlineData(2.5e20, 4, "2.5e+20")]
    [InlineData(0.00001234, 4, "1.234e-05")]
    [InlineData(0, 4, "0")]
    [InlineData(double.NaN, 4, "NaN")]
    public void Keeps_the_digits_and_writes_an_exponent_only_for_very_large_or_small_numbers(double value, int digits, string expected) =>
        Assert.Equal(expected, Significant.Of(value, digits));
}
