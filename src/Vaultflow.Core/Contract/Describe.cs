using System.Globalization;
using System.Text;

namespace Vaultflow.Core.Contract;

/// <summary>Renders untrusted text for error messages without echoing it verbatim.</summary>
internal static class Describe
{
    /// <summary>
    /// A field name, truncated to 64 characters, with everything outside printable ASCII (and quote,
    /// backslash) as \uXXXX, so the text is safe in logs and SQS attribute values.
    /// </summary>
    public static string SafeName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Length > 64 ? name[..64] : name)
        {
            if (c is < ' ' or > '~' or '\'' or '\\')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        if (name.Length > 64)
        {
            builder.Append("...");
        }

        return builder.ToString();
    }

    /// <summary>A character as U+XXXX, never the character itself.</summary>
    public static string CodePoint(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
}
