using System.Globalization;
using System.Text;
using Tuner.Engine.Data;
using Tuner.Engine.Rng;

namespace Tuner.Engine.Tests.Data;

public class CsvSeriesLoaderTests
{
    private static TimeSeries Load(string csv, string target = "temp", IReadOnlyList<string>? features = null, CsvLoadOptions? options = null) =>
        CsvSeriesLoader.LoadText(csv, target, features, "data.csv", options);

    private static DataFormatException Fails(string csv, string target = "temp", IReadOnlyList<string>? features = null, CsvLoadOptions? options = null) =>
        Assert.Throws<DataFormatException>(() => Load(csv, target, features, options));

    // ---- what loads ----

    [Fact]
    public void A_simple_file_loads_the_target_as_its_only_feature_by_default()
    {
        var series = Load("date,temp\n2024-01-01,1.5\n2024-01-02,2.5\n2024-01-03,-3\n");

        Assert.Equal(3, series.Length);
        Assert.Equal("temp", series.TargetName);
        Assert.Equal(["temp"], series.FeatureNames);
        Assert.Equal([1.5f, 2.5f, -3f], series.Target.ToArray());
        Assert.Equal(series.Target.ToArray(), series.Features.ToArray());
    }

    [Fact]
    public void Features_are_taken_in_the_listed_order_and_may_include_the_target()
    {
        var series = Load("a,temp,b\n1,10,100\n2,20,200\n", features: ["b", "temp", "a"]);

        Assert.Equal(["b", "temp", "a"], series.FeatureNames);
        Assert.Equal([100f, 10f, 1f, 200f, 20f, 2f], series.Features.ToArray());
        Assert.Equal([10f, 20f], series.Target.ToArray());
    }

    [Fact]
    public void Features_need_not_include_the_target()
    {
        var series = Load("x,temp\n1,10\n2,20\n", features: ["x"]);
        Assert.Equal(["x"], series.FeatureNames);
        Assert.Equal([1f, 2f], series.Features.ToArray());
        Assert.Equal([10f, 20f], series.Target.ToArray());
    }

    [Fact]
    public void CRLF_LF_and_lone_CR_line_ends_give_the_same_series()
    {
        float[] lf = Load("temp,x\n1,a\n2,b\n").Target.ToArray();
        Assert.Equal(lf, Load("temp,x\r\n1,a\r\n2,b\r\n").Target.ToArray());
        Assert.Equal(lf, Load("temp,x\r1,a\r2,b\r").Target.ToArray());
        Assert.Equal(lf, Load("temp,x\r\n1,a\n2,b").Target.ToArray()); // mixed, no final line break
    }

    [Fact]
    public void Trailing_blank_lines_are_fine()
    {
        Assert.Equal(2, Load("temp\n1\n2\n\n\n").Length);
        Assert.Equal(2, Load("temp\r\n1\r\n2\r\n\r\n  \r\n").Length);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        string csv =
            "\"note, free text\",\"temp\"\n" +
            "\"said \"\"hot\"\", very\",\"21.5\"\n" +
            "\"two\nlines\",22\n" +
            "plain,  \"23\"  \n";

        var series = Load(csv);

        Assert.Equal([21.5f, 22f, 23f], series.Target.ToArray());
        var withNote = Assert.Throws<DataFormatException>(() => Load(csv, features: ["note, free text"]));
        Assert.Contains("'said \"hot\", very' is not a number", withNote.Message); // escapes resolved
    }

    [Fact]
    public void Numbers_use_the_invariant_culture_with_exponents_signs_and_bare_decimals()
    {
        var series = Load("temp\n1e-3\n-0.5\n.5\n+2\n1E3\n  3.25  \n-7.\n");
        Assert.Equal([0.001f, -0.5f, 0.5f, 2f, 1000f, 3.25f, -7f], series.Target.ToArray());
    }

    [Fact]
    public void Header_names_are_trimmed_and_surrounding_whitespace_in_values_is_ignored()
    {
        var series = Load(" date , temp ,\tx\t\n d1 , 1.5 , 2 \n", features: ["x"]);
        Assert.Equal([1.5f], series.Target.ToArray());
        Assert.Equal([2f], series.Features.ToArray());
    }

    [Fact]
    public void An_unnamed_column_such_as_a_pandas_index_is_allowed()
    {
        var series = Load(",temp\n0,1.5\n1,2.5\n");
        Assert.Equal([1.5f, 2.5f], series.Target.ToArray());
    }

    [Fact]
    public void Columns_that_are_not_selected_may_hold_anything()
    {
        var series = Load("temp,comment,other\n1,hello,\n2,,NaN\n");
        Assert.Equal([1f, 2f], series.Target.ToArray());
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        Assert.Equal([4f], Load("\uFEFFtemp\n4\n").Target.ToArray());
    }

    [Fact]
    public void LoadFile_reads_a_file_and_names_it_in_messages()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tuner-data-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "temp\n1\n2\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Equal([1f, 2f], CsvSeriesLoader.LoadFile(path, "temp").Target.ToArray());

            File.WriteAllText(path, "temp\n1\nx\n");
            var error = Assert.Throws<DataFormatException>(() => CsvSeriesLoader.LoadFile(path, "temp"));
            Assert.StartsWith($"{path} line 3, column 'temp': 'x' is not a number", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_from_a_reader_uses_the_given_source_name()
    {
        var error = Assert.Throws<DataFormatException>(
            () => CsvSeriesLoader.Load(new StringReader("v\nabc\n"), "v", null, "upload.csv"));
        Assert.StartsWith("upload.csv line 2, column 'v':", error.Message);
    }

    [Fact]
    public void Random_series_written_in_varied_CSV_styles_load_back_exactly()
    {
        var rng = new Xoshiro256StarStar(4242);
        for (int trial = 0; trial < 150; trial++)
        {
            int rows = rng.NextInt(1, 40);
            int columns = rng.NextInt(1, 5);
            string newline = rng.NextInt(2) == 0 ? "\n" : "\r\n";
            string[] names = Enumerable.Range(0, columns).Select(c => c == 0 ? "y" : $"col, {c}").ToArray();
            float[,] values = new float[rows, columns];
            var text = new StringBuilder();
            text.Append(string.Join(",", names.Select(n => n.Contains(',') ? $"\"{n}\"" : n))).Append(newline);
            for (int r = 0; r < rows; r++)
            {
                var fields = new string[columns];
                for (int c = 0; c < columns; c++)
                {
                    float v = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.NextInt(-8, 9)));
                    values[r, c] = v;
                    string s = v.ToString(rng.NextInt(2) == 0 ? "R" : "E9", CultureInfo.InvariantCulture);
                    fields[c] = rng.NextInt(4) switch
                    {
                        0 => $"\"{s}\"",
                        1 => $" {s} ",
                        _ => s,
                    };
                }

                text.Append(string.Join(",", fields));
                if (r < rows - 1 || rng.NextInt(2) == 0)
                {
                    text.Append(newline);
                }
            }

            var series = CsvSeriesLoader.LoadText(text.ToString(), "y", names);
            Assert.Equal(rows, series.Length);
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(values[r, 0], series.Target[r]);
                for (int c = 0; c < columns; c++)
                {
                    Assert.Equal(values[r, c], series.Row(r)[c]);
                }
            }
        }
    }

    // ---- what is rejected: every message names line and column, and the fix ----

    [Fact]
    public void A_text_value_names_line_column_and_value()
    {
        var error = Fails("date,temp\n2024-01-01,1\n2024-01-02,abc\n");
        Assert.Equal(3, error.Row);
        Assert.Equal("temp", error.Column);
        Assert.StartsWith("data.csv line 3, column 'temp': 'abc' is not a number; write a plain decimal number", error.Message);
    }

    [Fact]
    public void A_decimal_comma_gets_a_hint_about_the_separator()
    {
        var error = Fails("temp\n\"1,5\"\n");
        Assert.Contains("'1,5' is not a number; use '.' as the decimal separator", error.Message);
    }

    [Fact]
    public void An_empty_value_is_rejected()
    {
        var error = Fails("temp,x\n1,a\n,b\n");
        Assert.Equal((3, "temp"), (error.Row, error.Column));
        Assert.StartsWith("data.csv line 3, column 'temp': empty value;", error.Message);
    }

    [Fact]
    public void A_whitespace_only_or_empty_quoted_value_is_an_empty_value()
    {
        Assert.Contains("line 2, column 'temp': empty value", Fails("temp,x\n   ,a\n").Message);
        Assert.Contains("line 2, column 'temp': empty value", Fails("temp,x\n\"\",a\n").Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("inf")]
    [InlineData("-inf")]
    [InlineData("∞")]
    public void NaN_and_infinities_are_rejected(string value)
    {
        var error = Fails($"temp\n1\n{value}\n");
        Assert.Equal((3, "temp"), (error.Row, error.Column));
        Assert.Equal($"data.csv line 3, column 'temp': '{value}': NaN/Infinity is not allowed; replace it with a finite number or remove the row", error.Message);
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-3.5e38")]
    public void Values_beyond_the_float_range_are_rejected(string value)
    {
        var error = Fails($"temp\n{value}\n");
        Assert.Contains($"line 2, column 'temp': '{value}' is too large for a 32-bit float", error.Message);
    }

    [Fact]
    public void A_missing_target_column_lists_the_columns()
    {
        var error = Fails("a,b,c\n1,2,3\n", target: "x");
        Assert.Equal((1, "x"), (error.Row, error.Column));
        Assert.Equal("data.csv line 1: column 'x' (target) not found; columns are: a, b, c", error.Message);
    }

    [Fact]
    public void A_wide_header_lists_its_first_twenty_columns_and_counts_the_rest()
    {
        var header = string.Join(",", Enumerable.Range(1, 2000).Select(i => $"c{i}"));
        var error = Fails(header + "\n" + string.Join(",", Enumerable.Repeat("1", 2000)) + "\n", target: "x");
        Assert.Equal("data.csv line 1: column 'x' (target) not found; columns are: "
            + string.Join(", ", Enumerable.Range(1, 20).Select(i => $"c{i}")) + ", … (1980 more)", error.Message);
    }

    [Fact]
    public void A_target_differing_only_in_spaces_is_told_so_not_case()
    {
        var error = Fails("temp\n1\n", target: " temp");
        Assert.EndsWith("did you mean 'temp'? (names count their spaces)", error.Message);
    }

    [Fact]
    public void A_target_differing_only_in_case_gets_a_suggestion()
    {
        var error = Fails("Temp\n1\n", target: "temp");
        Assert.Contains("column 'temp' (target) not found; columns are: Temp; did you mean 'Temp'?", error.Message);
    }

    [Theory]
    [InlineData("date;temp\n2020-01-01;1,5\n", ";")]
    [InlineData("date\ttemp\n2020-01-01\t1.5\n", "\\t")]
    public void A_header_of_one_column_holding_another_separator_asks_about_it(string csv, string separator)
    {
        var error = Fails(csv, target: "temp");
        Assert.EndsWith($"; the header reads as one column: are the columns separated by '{separator}'? a CSV here is comma-separated", error.Message);
    }

    [Fact]
    public void An_unknown_feature_column_is_rejected()
    {
        var error = Fails("temp,a\n1,2\n", features: ["a", "humidity"]);
        Assert.Equal((1, "humidity"), (error.Row, error.Column));
        Assert.Equal("data.csv line 1: column 'humidity' (feature) not found; columns are: temp, a", error.Message);
    }

    [Fact]
    public void A_row_with_too_few_fields_names_the_missing_column()
    {
        var error = Fails("a,b,temp,d\n1,2,3,4\n1,2,3\n");
        Assert.Equal((3, "d"), (error.Row, error.Column));
        Assert.StartsWith("data.csv line 3, column 'd': row has 3 fields, header has 4 (column 'd' is missing); every row needs one value per header column", error.Message);
    }

    [Fact]
    public void A_row_with_too_many_fields_is_rejected()
    {
        var error = Fails("temp,b\n1,2\n1,2,3\n");
        Assert.Equal(3, error.Row);
        Assert.Null(error.Column);
        Assert.StartsWith("data.csv line 3: row has 3 fields, header has 2;", error.Message);
        Assert.Contains("quote values that contain commas", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n  \r\n")]
    public void An_empty_file_is_rejected(string csv)
    {
        var error = Fails(csv);
        Assert.Equal(1, error.Row);
        Assert.StartsWith("data.csv is empty", error.Message);
        Assert.Contains("expected a header row", error.Message);
    }

    [Fact]
    public void A_blank_first_line_before_data_is_a_missing_header()
    {
        var error = Fails("\ntemp\n1\n");
        Assert.Equal(1, error.Row);
        Assert.Contains("line 1: the header row is empty", error.Message);
    }

    [Theory]
    [InlineData("temp,x")]
    [InlineData("temp,x\n")]
    [InlineData("temp,x\r\n\r\n")]
    public void A_header_without_data_rows_is_rejected(string csv)
    {
        var error = Fails(csv);
        Assert.Equal(2, error.Row);
        Assert.StartsWith("data.csv line 2: the header is there but no data rows follow", error.Message);
    }

    [Fact]
    public void Fewer_rows_than_needed_is_rejected_when_a_minimum_is_given()
    {
        var error = Fails("temp\n1\n2\n3\n", options: new CsvLoadOptions { MinRows = 11 });
        Assert.Equal(5, error.Row);
        Assert.Equal("data.csv line 5: 3 data rows, but at least 11 are needed; add rows, or use a smaller window or horizon", error.Message);
        Assert.Equal(11, Load(string.Concat("temp\n", string.Concat(Enumerable.Repeat("1\n", 11))), options: new CsvLoadOptions { MinRows = 11 }).Length);
    }

    [Fact]
    public void A_duplicate_column_name_is_rejected()
    {
        var error = Fails("temp,a,temp\n1,2,3\n");
        Assert.Equal((1, "temp"), (error.Row, error.Column));
        Assert.Equal("data.csv line 1, column 'temp': duplicate column name (columns 1 and 3); rename one of them", error.Message);
    }

    [Fact]
    public void Duplicates_are_detected_after_trimming()
    {
        Assert.Equal("a", Fails("a, a,temp\n1,2,3\n").Column);
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_where_it_opened()
    {
        var error = Fails("temp,note\n1,ok\n2,\"never closed\n3,x\n");
        Assert.Equal((3, "note"), (error.Row, error.Column));
        Assert.StartsWith("data.csv line 3, column 'note': unterminated quoted field", error.Message);
        Assert.Contains("write a quote inside a quoted field as \"\"", error.Message);
    }

    [Fact]
    public void An_unterminated_quote_in_the_header_names_the_column_by_number()
    {
        var error = Fails("temp,\"note\n1,2\n");
        Assert.Equal(1, error.Row);
        Assert.Null(error.Column);
        Assert.StartsWith("data.csv line 1, column 2: unterminated quoted field", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_rejected()
    {
        var error = Fails("temp\n\"1.5\"x\n");
        Assert.Equal((2, "temp"), (error.Row, error.Column));
        Assert.Contains("unexpected 'x' after a closing quote", error.Message);
    }

    [Fact]
    public void A_blank_line_between_data_rows_is_rejected()
    {
        var error = Fails("temp\n1\n\n2\n");
        Assert.Equal(3, error.Row);
        Assert.StartsWith("data.csv line 3: empty line between data rows; remove it", error.Message);
    }

    [Fact]
    public void Line_numbers_count_line_breaks_inside_quoted_fields()
    {
        var error = Fails("note,temp\n\"a\nb\nc\",1\nd,oops\n");
        Assert.Equal(5, error.Row);
        Assert.StartsWith("data.csv line 5, column 'temp': 'oops'", error.Message);
    }

    [Fact]
    public void The_first_error_in_file_order_is_reported()
    {
        // Line 3 has a bad 'b'; line 4 has bad 'a' and a wrong field count.
        var error = Fails("a,b,temp\n1,2,3\n1,bad,3\nbad,2\n", features: ["a", "b"]);
        Assert.Equal((3, "b"), (error.Row, error.Column));
    }

    [Fact]
    public void Within_a_row_the_leftmost_bad_column_is_reported_whatever_the_feature_order()
    {
        var error = Fails("a,b,temp\nx,y,z\n", features: ["temp", "b", "a"]);
        Assert.Equal((2, "a"), (error.Row, error.Column));
    }

    [Fact]
    public void Limits_stop_pathological_input_with_a_clear_message()
    {
        var tight = new CsvLoadOptions { MaxRows = 3, MaxColumns = 3, MaxFieldLength = 10, MaxValues = 8 };

        var rows = Fails("temp\n1\n2\n3\n4\n", options: tight);
        Assert.Equal(5, rows.Row);
        Assert.Contains("more than 3 data rows", rows.Message);

        Assert.Contains("more than 3 fields", Fails("temp,a,b,c\n1,2,3,4\n", options: tight).Message);
        Assert.Contains("field longer than 10 characters", Fails("temp,a\n1,\"12345678901\"\n", options: tight).Message);
        Assert.Contains("more than 8 values", Fails("temp,a\n1,1\n2,2\n3,3\n", features: ["temp", "a"], options: tight with { MaxRows = 10 }).Message);
    }

    [Fact]
    public void Listing_a_feature_twice_or_an_empty_target_is_an_argument_error()
    {
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => Load("temp,a\n1,2\n", features: ["a", "a"])).ParamName);
        Assert.Throws<ArgumentException>(() => Load("temp\n1\n", target: " "));
    }

    [Fact]
    public void DataFormatException_is_a_FormatException()
    {
        Assert.IsAssignableFrom<FormatException>(Fails("temp\nx\n"));
    }
}
