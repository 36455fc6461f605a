using System.Text;
using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Terminal;

public sealed class StyledLineTests
{
    private static StyledLine Line() => new StyledLine().Add("t-0009", TextStyle.Bold).Add(" epoch 4/9").Add(" val_loss", TextStyle.Dim);

    [Fact]
    public void Length_counts_text_not_escape_codes()
    {
        var line = Line();
        Assert.Equal("t-0009 epoch 4/9 val_loss".Length, line.Length);
        var drawn = new StringBuilder();
        line.WriteTo(drawn, colors: true);
        Assert.Equal("\e[1mt-0009\e[0m epoch 4/9\e[2m val_loss\e[0m", drawn.ToString());
        drawn.Clear();
        line.WriteTo(drawn, colors: false);
        Assert.Equal("t-0009 epoch 4/9 val_loss", drawn.ToString());
    }

    [Theory]
    [InlineData(100, "t-0009 epoch 4/9 val_loss")]
    [InlineData(25, "t-0009 epoch 4/9 val_loss")]
    [InlineData(24, "t-0009 epoch 4/9 val_lo…")]
    [InlineData(7, "t-0009…")]
    [InlineData(1, "…")]
    public void Fit_cuts_to_the_columns_with_an_ellipsis(int columns, string expected)
    {
        var fitted = Line().Fit(columns, "…");
        Assert.Equal(expected, fitted.ToString());
        Assert.True(fitted.Length <= columns);
    }

    [Fact]
    public void Fit_keeps_the_styles_of_what_it_keeps()
    {
        var fitted = Line().Fit(10, "~");
        Assert.Equal([new TextRun("t-0009", TextStyle.Bold), new TextRun(" ep", TextStyle.Plain), new TextRun("~", TextStyle.Dim)], fitted.Runs);
    }
}
