using System.Text;
using System.Text.RegularExpressions;

namespace RocketMQ.Jepsen.Report;

/// <summary>The run summary as a table for people: fixed-width plain text for the console and Markdown for docs.
/// A column whose cells are all numbers (optionally with a unit: <c>12.5 ms</c>, <c>99.9%</c>, <c>1,204/s</c>, or a
/// placeholder <c>-</c>) is right-aligned so digits line up; every other column is left-aligned.</summary>
/// <remarks>Widths count UTF-16 code units, which is right for the ASCII and Latin text the runner prints.
/// Thread-safe: the class holds no state.</remarks>
public static partial class SummaryTable
{
    private const string ColumnGap = "  ";

    /// <summary>A plain-text table: header line, a dashed rule, one line per row; lines end in <c>\n</c> and carry
    /// no trailing spaces.</summary>
    /// <param name="headers">Column names (at least one).</param>
    /// <param name="rows">Each row has exactly one cell per header; null cells are not allowed.</param>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var layout = Layout.Of(headers, rows);
        var text = new StringBuilder();
        AppendPlainLine(text, layout, headers);
        AppendPlainLine(text, layout, layout.Widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows)
        {
            AppendPlainLine(text, layout, row);
        }

        return text.ToString();
    }

    /// <summary>A GitHub-flavoured Markdown table, padded so it also reads as text; numeric columns get a
    /// right-aligned (<c>--:</c>) rule and <c>|</c> in cells is escaped.</summary>
    /// <inheritdoc cref="Render" path="/param"/>
    public static string RenderMarkdown(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var escapedHeaders = headers.Select(EscapeMarkdown).ToArray();
        var escapedRows = rows.Select(r => (IReadOnlyList<string>)r.Select(EscapeMarkdown).ToArray()).ToArray();
        // Markdown needs at least three dashes per rule ("--:" included).
        var layout = Layout.Of(escapedHeaders, escapedRows, minimumWidth: 3);
        var text = new StringBuilder();
        AppendMarkdownLine(text, layout, escapedHeaders);
        var rules = layout.Widths
            .Select((w, c) => layout.RightAligned[c] ? new string('-', w - 1) + ":" : new string('-', w))
            .ToArray();
        AppendMarkdownLine(text, layout with { RightAligned = new bool[layout.Widths.Length] }, rules);
        foreach (var row in escapedRows)
        {
            AppendMarkdownLine(text, layout, row);
        }

        return text.ToString();
    }

    private static void AppendPlainLine(StringBuilder text, Layout layout, IReadOnlyList<string> cells)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Count; c++)
        {
            if (c > 0)
            {
                line.Append(ColumnGap);
            }

            line.Append(layout.Pad(c, cells[c]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static void AppendMarkdownLine(StringBuilder text, Layout layout, IReadOnlyList<string> cells)
    {
        text.Append('|');
        for (var c = 0; c < cells.Count; c++)
        {
            text.Append(' ').Append(layout.Pad(c, cells[c])).Append(" |");
        }

        text.Append('\n');
    }

    private static string EscapeMarkdown(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    internal static bool IsNumeric(string cell) => NumberCell().IsMatch(cell);

    private static bool IsPlaceholder(string cell) => cell.Length == 0 || cell is "-" or "—" or "n/a";

    // A number with optional sign, thousands separators, fraction and exponent, then an optional short unit.
    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?\s?(%|[a-zA-Zµ/]{1,4})?$")]
    private static partial Regex NumberCell();

    private sealed record Layout(int[] Widths, bool[] RightAligned)
    {
        public static Layout Of(
            IReadOnlyList<string> headers,
            IReadOnlyList<IReadOnlyList<string>> rows,
            int minimumWidth = 1)
        {
            ArgumentNullException.ThrowIfNull(headers);
            ArgumentNullException.ThrowIfNull(rows);
            if (headers.Count == 0)
            {
                throw new ArgumentException("a table needs at least one column", nameof(headers));
            }

            var widths = headers.Select(h => Math.Max(minimumWidth, h.Length)).ToArray();
            var numeric = new bool[headers.Count];
            var text = new bool[headers.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (row is null || row.Count != headers.Count)
                {
                    throw new ArgumentException(
                        $"row {r} has {row?.Count ?? 0} cells; the table has {headers.Count} columns", nameof(rows));
                }

                for (var c = 0; c < row.Count; c++)
                {
                    var cell = row[c] ?? throw new ArgumentException($"row {r} cell {c} is null", nameof(rows));
                    widths[c] = Math.Max(widths[c], cell.Length);
                    if (IsPlaceholder(cell))
                    {
                        continue;
                    }

                    if (IsNumeric(cell))
                    {
                        numeric[c] = true;
                    }
                    else
                    {
                        text[c] = true;
                    }
                }
            }

            return new Layout(widths, numeric.Select((n, c) => n && !text[c]).ToArray());
        }

        public string Pad(int column, string cell) =>
            RightAligned[column] ? cell.PadLeft(Widths[column]) : cell.PadRight(Widths[column]);
    }
}
