using Tuner.Cli.Output;
using Tuner.Contracts.Search;

namespace Tuner.Cli.Tests.Output;

public sealed class HyperparameterTextTests
{
    [Theory]
    [InlineData(0.00475123, "0.00475")]
    [InlineData(1e30, "1e+30")] // it read "1E+30" in tables, unlike every other number the CLI prints
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.1, "0.1")]
    public void Floats_keep_three_significant_digits_written_as_the_cli_writes_numbers(double value, string expected)
    {
        Assert.Equal(expected, HyperparameterText.Value(HyperparameterValue.Float(value)));
    }
}
