using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Vaultflow.Lambda.Generator.Emit;

/// <summary>C# and JSON string literals, escaped by hand (no dependency on Roslyn's formatter or on System.Text.Json in the compiler).</summary>
internal static class Literals
{
    public static string CSharp(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || char.IsSurrogate(c) || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string CSharpArray(IEnumerable<string> values)
    {
        var items = values.Select(CSharp).ToList();
        return items.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", items) + " }";
    }

    public static string Json(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
