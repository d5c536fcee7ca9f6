using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Vaultflow.Cli.Commands.Support;

/// <summary>
/// Where a command writes. Interactive (a terminal, CI unset): Spectre tables and progress bars.
/// Otherwise plain, parseable text: one tab-separated row per line after a header row. Errors and
/// warnings go to stderr as one line each.
/// </summary>
internal sealed class CommandOutput
{
    public CommandOutput(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Console = interactive
            ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) })
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Interactive { get; }

    public IAnsiConsole Console { get; }

    public void Line(string text) => Out.WriteLine(text);

    public void Warn(string text) => Error.WriteLine("warning: " + text);

    public void Fail(string text) => Error.WriteLine("error: " + text);

    /// <summary>A table: Spectre on a terminal, else a header row and tab-separated rows.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (Interactive)
        {
            var table = new Table().Border(TableBorder.Rounded);
            if (title is not null)
            {
                table.Title = new TableTitle(Markup.Escape(title));
            }

            foreach (var header in headers)
            {
                table.AddColumn(Markup.Escape(header));
            }

            foreach (var row in rows)
            {
                table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
            }

            Console.Write(table);
            return;
        }

        Out.WriteLine(string.Join('\t', headers));
        foreach (var row in rows)
        {
            Out.WriteLine(string.Join('\t', row.Select(Plain)));
        }
    }

    /// <summary>Writes one JSON document built by <paramref name="write"/>, indented, then a newline.</summary>
    public void Json(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Cells never break the row format: tabs and newlines become spaces.</summary>
    private static string Plain(string cell) => cell.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
