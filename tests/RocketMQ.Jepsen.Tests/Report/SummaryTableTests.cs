using RocketMQ.Jepsen.Report;

namespace RocketMQ.Jepsen.Tests.Report;

public class SummaryTableTests
{
    private static readonly string[] Headers = ["fault", "targets", "count", "p50", "max"];

    private static readonly IReadOnlyList<string>[] Rows =
    [
        ["kill", "n1", "3", "1,204 ms", "6.5 s"],
        ["partition", "n0|n1,n2", "12", "87.25 ms", "-"],
    ];

    [Fact]
    public void Plain_text_pads_columns_and_right_aligns_numbers()
    {
        var text = SummaryTable.Render(Headers, Rows);

        Assert.Equal(
            """
            fault      targets   count       p50    max
            ---------  --------  -----  --------  -----
            kill       n1            3  1,204 ms  6.5 s
            partition  n0|n1,n2     12  87.25 ms      -

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Markdown_marks_numeric_columns_right_aligned_and_escapes_pipes()
    {
        var text = SummaryTable.RenderMarkdown(Headers, Rows);

        Assert.Equal(
            """
            | fault     | targets   | count |      p50 |   max |
            | --------- | --------- | ----: | -------: | ----: |
            | kill      | n1        |     3 | 1,204 ms | 6.5 s |
            | partition | n0\|n1,n2 |    12 | 87.25 ms |     - |

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void A_column_with_any_text_is_left_aligned()
    {
        var text = SummaryTable.Render(["value"], [["12"], ["lost"]]);

        Assert.Equal("value\n-----\n12\nlost\n", text);
    }

    [Fact]
    public void Lines_carry_no_trailing_spaces()
    {
        var text = SummaryTable.Render(["a", "b"], [["long text here", ""]]);

        Assert.All(text.Split('\n'), line => Assert.Equal(line.TrimEnd(), line));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-3.5", true)]
    [InlineData("1,234,567", true)]
    [InlineData("99.9%", true)]
    [InlineData("1.2e-3", true)]
    [InlineData("412/s", true)]
    [InlineData("12 ms", true)]
    [InlineData("n1", false)]
    [InlineData("1,23", false)]
    [InlineData("12 messages lost", false)]
    [InlineData("", false)]
    public void Numbers_with_a_short_unit_count_as_numeric(string cell, bool numeric)
    {
        Assert.Equal(numeric, SummaryTable.IsNumeric(cell));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SummaryTable.Render(["a", "b"], [["1", "2"], ["3"]]));

        Assert.Contains("row 1 has 1 cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_columns_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SummaryTable.RenderMarkdown([], []));
    }
}
