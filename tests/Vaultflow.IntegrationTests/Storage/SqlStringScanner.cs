using System.Text.RegularExpressions;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>
/// A small C# lexer that finds string-built SQL: an interpolated string with holes, or a literal
/// joined with <c>+</c> (or passed to string.Format/Concat), whose text looks like SQL (SELECT, INSERT,
/// UPDATE, DELETE, and DDL/DCL: CREATE, DROP, ALTER, TRUNCATE, GRANT, REVOKE, COPY), or that is handed
/// straight to a command (CreateCommand, new NpgsqlCommand/NpgsqlBatchCommand, CommandText =, ExecuteAsync)
/// whatever its text. Comments, char literals, verbatim and raw strings are understood well enough
/// not to be confused by each other.
/// </summary>
internal static partial class SqlStringScanner
{
    public sealed record Finding(string File, int Line, string Snippet);

    private sealed record Literal(int Start, int End, string Text, bool Interpolated);

    /// <summary>Findings in one file's text.</summary>
    public static IReadOnlyList<Finding> Scan(string file, string source)
    {
        var findings = new List<Finding>();
        foreach (var literal in Lex(source))
        {
            if (!LooksLikeSql(literal.Text) && !IsCommandArgument(source, literal))
            {
                continue;
            }

            var holes = literal.Interpolated && literal.Text.Contains('{', StringComparison.Ordinal);
            if (holes || IsConcatenated(source, literal) || IsFormatArgument(source, literal))
            {
                var line = source.AsSpan(0, literal.Start).Count('\n') + 1;
                var snippet = source[literal.Start..Math.Min(literal.End, literal.Start + 120)].ReplaceLineEndings(" ");
                findings.Add(new Finding(file, line, snippet));
            }
        }

        return findings;
    }

    /// <summary>How many literals in <paramref name="source"/> look like SQL (to prove the scanner sees them).</summary>
    public static int CountSqlLiterals(string source) => Lex(source).Count(l => LooksLikeSql(l.Text));

    private static bool LooksLikeSql(string text) => UpperKeyword().IsMatch(text) || SqlShape().IsMatch(text);

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE|GRANT|REVOKE|COPY)\b")]
    private static partial Regex UpperKeyword();

    [GeneratedRegex(@"\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b|\b(create|drop|alter)\s+(table|database|index|role|schema|function|view|extension)\b|\btruncate\s+(table\s+)?(\{|""?\w+""?\s*(;|$))|\bgrant\s+\w+(\s*,\s*\w+)*\s+on\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlShape();

    /// <summary>The call a SQL text is handed to, ending right before the literal.</summary>
    [GeneratedRegex(@"(\bCreateCommand|\bnew\s+Npgsql(Batch)?Command|\bExecute(Scalar|NonQuery|Reader)?Async|\bCreateBatchCommand)\s*\(\s*$|\bCommandText\s*=\s*$")]
    private static partial Regex CommandSink();

    private static bool IsCommandArgument(string source, Literal literal) =>
        CommandSink().IsMatch(source.AsSpan(Math.Max(0, literal.Start - 60), Math.Min(60, literal.Start)).ToString());

    [GeneratedRegex(@"\b(Format|Concat|AppendFormat)\s*\(\s*$")]
    private static partial Regex FormatCall();

    private static bool IsConcatenated(string source, Literal literal)
    {
        var before = source.AsSpan(0, literal.Start).TrimEnd();
        var after = source.AsSpan(literal.End).TrimStart();
        return (before.Length > 0 && before[^1] == '+') || (after.Length > 0 && after[0] == '+');
    }

    private static bool IsFormatArgument(string source, Literal literal) =>
        FormatCall().IsMatch(source.AsSpan(Math.Max(0, literal.Start - 40), Math.Min(40, literal.Start)).ToString());

    private static List<Literal> Lex(string s)
    {
        var literals = new List<Literal>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '/' && At(s, i + 1) == '/')
            {
                i = s.IndexOf('\n', i) is var nl and >= 0 ? nl : s.Length;
            }
            else if (c == '/' && At(s, i + 1) == '*')
            {
                i = s.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : s.Length;
            }
            else if (c == '\'')
            {
                i = SkipQuoted(s, i + 1, '\'');
            }
            else if (c is '$' or '@' or '"')
            {
                var literal = ReadString(s, i);
                if (literal is null)
                {
                    i++;
                    continue;
                }

                literals.Add(literal);
                i = literal.End;
            }
            else
            {
                i++;
            }
        }

        return literals;
    }

    /// <summary>Reads a string literal starting at <paramref name="start"/> (prefixes $, @, $$...), or null if none starts there.</summary>
    private static Literal? ReadString(string s, int start)
    {
        var i = start;
        var dollars = 0;
        var verbatim = false;
        while (i < s.Length && (s[i] == '$' || s[i] == '@'))
        {
            if (s[i] == '$')
            {
                dollars++;
            }
            else
            {
                verbatim = true;
            }

            i++;
        }

        if (At(s, i) != '"')
        {
            return null;
        }

        var quotes = 0;
        while (At(s, i + quotes) == '"')
        {
            quotes++;
        }

        int end;
        int bodyStart;
        int bodyEnd;
        if (quotes >= 3)
        {
            // Raw string: closes at the same run of quotes.
            var fence = new string('"', quotes);
            bodyStart = i + quotes;
            bodyEnd = s.IndexOf(fence, bodyStart, StringComparison.Ordinal) is var f and >= 0 ? f : s.Length;
            end = Math.Min(s.Length, bodyEnd + quotes);
        }
        else if (quotes == 2 && !verbatim)
        {
            return new Literal(start, i + 2, string.Empty, dollars > 0); // ""
        }
        else
        {
            bodyStart = i + 1;
            bodyEnd = verbatim ? SkipVerbatim(s, bodyStart, dollars > 0) - 1 : SkipRegular(s, bodyStart, dollars > 0) - 1;
            end = bodyEnd + 1;
        }

        end = Math.Min(end, s.Length);
        bodyEnd = Math.Clamp(bodyEnd, bodyStart, s.Length);
        return new Literal(start, end, s[bodyStart..bodyEnd], dollars > 0);
    }

    /// <summary>Returns the index just past the closing quote of a regular (possibly interpolated) string.</summary>
    private static int SkipRegular(string s, int i, bool interpolated)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '"')
            {
                return i + 1;
            }
            else if (interpolated && c == '{' && At(s, i + 1) != '{')
            {
                i = SkipHole(s, i + 1);
            }
            else if (c == '\n')
            {
                return i; // unterminated: stop at the line end
            }
            else
            {
                i++;
            }
        }

        return s.Length;
    }

    private static int SkipVerbatim(string s, int i, bool interpolated)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"' && At(s, i + 1) == '"')
            {
                i += 2;
            }
            else if (c == '"')
            {
                return i + 1;
            }
            else if (interpolated && c == '{' && At(s, i + 1) != '{')
            {
                i = SkipHole(s, i + 1);
            }
            else
            {
                i++;
            }
        }

        return s.Length;
    }

    /// <summary>Skips an interpolation hole's expression (which may hold strings) up to its closing brace.</summary>
    private static int SkipHole(string s, int i)
    {
        var depth = 1;
        while (i < s.Length && depth > 0)
        {
            var c = s[i];
            if (c == '"' || ((c == '$' || c == '@') && At(s, i + 1) is '"' or '$' or '@'))
            {
                var nested = ReadString(s, i);
                i = nested?.End ?? i + 1;
                continue;
            }

            if (c == '\'')
            {
                i = SkipQuoted(s, i + 1, '\'');
                continue;
            }

            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            i++;
        }

        return i;
    }

    private static int SkipQuoted(string s, int i, char quote)
    {
        while (i < s.Length && s[i] != quote && s[i] != '\n')
        {
            i += s[i] == '\\' ? 2 : 1;
        }

        return Math.Min(i + 1, s.Length);
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
