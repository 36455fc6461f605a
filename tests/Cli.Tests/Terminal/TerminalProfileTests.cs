using Tuner.Cli.Terminal;

namespace Tuner.Cli.Tests.Terminal;

public sealed class TerminalProfileTests
{
    private const int Utf8 = 65001;

    private static TerminalProfile Profile(bool terminal = true, int codePage = Utf8, params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value);
        return TerminalProfile.From(terminal, name => env.GetValueOrDefault(name), codePage);
    }

    [Fact]
    public void A_desktop_terminal_moves_the_cursor_with_colours_and_unicode() =>
        Assert.Equal(new TerminalProfile(true, true, true, true), Profile(variables: [("TERM", "xterm-256color"), ("LANG", "en_US.UTF-8")]));

    [Fact]
    public void Not_a_terminal_draws_nothing_live() =>
        Assert.Equal(new TerminalProfile(false, false, false, true), Profile(terminal: false, variables: [("TERM", "xterm")]));

    [Theory]
    [InlineData("dumb")]
    [InlineData("")]
    public void A_dumb_or_unnamed_terminal_cannot_move_the_cursor(string term)
    {
        var profile = Profile(variables: [("TERM", term)]);
        Assert.False(profile.MovesCursor);
        Assert.False(profile.Colors);
    }

    [Fact]
    public void NO_COLOR_turns_colours_off_but_not_the_live_view()
    {
        var profile = Profile(variables: [("TERM", "xterm"), ("NO_COLOR", "1")]);
        Assert.True(profile.MovesCursor);
        Assert.False(profile.Colors);
        // Empty means unset (no-color.org).
        Assert.True(Profile(variables: [("TERM", "xterm"), ("NO_COLOR", "")]).Colors);
    }

    [Theory]
    [InlineData("C", null, null, false)]
    [InlineData("POSIX", null, null, false)]
    [InlineData("de_DE.ISO-8859-1", null, null, false)]
    [InlineData("en_US.UTF-8", null, null, true)]
    [InlineData("en_US.utf8", null, null, true)]
    [InlineData("en_US.UTF-8", "C", null, false)] // LC_CTYPE before LANG
    [InlineData("C", null, "C.UTF-8", true)]      // LC_ALL before both
    [InlineData(null, null, null, true)]          // nothing set: the console's encoding decides
    public void The_locale_that_sets_the_character_set_decides_unicode(string? lang, string? ctype, string? all, bool unicode)
    {
        var variables = new List<(string, string)> { ("TERM", "xterm") };
        if (lang is not null) variables.Add(("LANG", lang));
        if (ctype is not null) variables.Add(("LC_CTYPE", ctype));
        if (all is not null) variables.Add(("LC_ALL", all));
        Assert.Equal(unicode, Profile(variables: [.. variables]).Unicode);
        Assert.Equal(unicode ? TerminalGlyphs.Unicode : TerminalGlyphs.Ascii, Profile(variables: [.. variables]).Glyphs);
    }

    [Fact]
    public void A_non_utf8_console_encoding_is_ascii() =>
        Assert.False(Profile(codePage: 20127, variables: [("TERM", "xterm"), ("LANG", "en_US.UTF-8")]).Unicode);
}
