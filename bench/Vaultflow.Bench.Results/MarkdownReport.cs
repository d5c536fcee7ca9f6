using System.Globalization;
using System.Text;

namespace Vaultflow.Bench.Results;

/// <summary>latest.md: one table row per figure, then the notes.</summary>
public static class MarkdownReport
{
    public static string Render(IReadOnlyList<Figure> figures, string header)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var md = new StringBuilder();
        md.AppendLine(header).AppendLine();
        md.AppendLine("| # | figure | value | baseline | ratio (x baseline) | goal | met | load |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var f in figures)
        {
            var met = f.Status == FigureStatus.Measured ? (f.MeetsGoal ? "yes" : "**no**") : "not measured";
            md.Append(CultureInfo.InvariantCulture, $"| {f.Id} | {Escape(f.Name)} | {Number(f.Value)} {f.Unit} | {Number(f.Baseline)} ({Escape(f.BaselineName)}) | ")
              .Append(CultureInfo.InvariantCulture, $"{Number(f.Ratio)} | {Escape(f.Goal)} | {met} | {f.Load ?? "?"} |").AppendLine();
        }

        md.AppendLine().AppendLine("Notes:").AppendLine();
        foreach (var f in figures.Where(f => !string.IsNullOrWhiteSpace(f.Note)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{f.Id}** {Escape(f.Note!)}");
        }

        return md.ToString();
    }

    /// <summary>Three significant digits, no exponent for everyday magnitudes; "-" when missing.</summary>
    public static string Number(double? value) => value switch
    {
        null => "-",
        { } v when double.IsNaN(v) => "-",
        { } v when Math.Abs(v) >= 1000 => v.ToString("#,0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 10 => v.ToString("0.0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 1 || v == 0 => v.ToString("0.00", CultureInfo.InvariantCulture),

        // Three decimals below 1, so a ratio of 0.598 against a 0.6 goal does not print as "0.60".
        { } v when Math.Abs(v) >= 0.01 => v.ToString("0.000", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.###e0", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
