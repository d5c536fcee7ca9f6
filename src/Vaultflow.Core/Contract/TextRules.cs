using System.Globalization;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>Rules for the short strings of the contract: type names, keys, ids, search values.</summary>
internal static class TextRules
{
    public const int MaxTypeNameLength = 64;

    /// <summary>Enforces ^[a-z][a-z0-9._-]{0,63}$ on <c>type</c>.</summary>
    public static void CheckTypeName(string value, string where)
    {
        ThrowOnNul(value, where);
        string? problem = null;
        if (value.Length == 0)
        {
            problem = "is empty";
        }
        else if (value.Length > MaxTypeNameLength)
        {
            problem = $"is {value.Length} characters long (at most {MaxTypeNameLength})";
        }
        else if (!char.IsAsciiLetterLower(value[0]))
        {
            problem = $"starts with {Describe.CodePoint(value[0])} instead of a lowercase ASCII letter";
        }
        else
        {
            for (var i = 1; i < value.Length; i++)
            {
                var c = value[i];
                if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
                {
                    problem = $"has the character {Describe.CodePoint(c)} at index {i}";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidTypeName,
                $"The type name at {where} {problem}. Use 1-64 characters matching ^[a-z][a-z0-9._-]{{0,63}}$, e.g. \"order.created\".");
        }
    }

    /// <summary>
    /// Keys and ids: 1..256 UTF-16 code units, no control, format (invisible) or line/paragraph
    /// separator characters, no leading or trailing whitespace (they look identical to the trimmed key).
    /// </summary>
    public static void CheckKey(string value, string where, string reason = InvalidMessageReasons.InvalidKey)
    {
        ThrowOnNul(value, where);
        string? problem = null;
        if (value.Length == 0)
        {
            problem = "is empty";
        }
        else if (value.Length > MessageLimits.MaxKeyLength)
        {
            problem = $"is {value.Length} UTF-16 code units long (at most {MessageLimits.MaxKeyLength})";
        }
        else if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            problem = "has leading or trailing whitespace";
        }
        else
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (IsInvisible(value[i]))
                {
                    problem = $"has the unprintable character {Describe.CodePoint(value[i])} at index {i}";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new InvalidMessageException(
                reason,
                $"The value at {where} {problem}. Use 1-{MessageLimits.MaxKeyLength} printable characters without control characters or surrounding whitespace.");
        }
    }

    public static void CheckSearchValue(string value, string where, int maxLength)
    {
        ThrowOnNul(value, where);
        string? problem = null;
        if (value.Length == 0 || value.AsSpan().Trim().Length == 0)
        {
            problem = "is empty or only whitespace";
        }
        else if (value.Length > maxLength)
        {
            problem = $"is {value.Length} characters long (at most {maxLength})";
        }
        else
        {
            for (var i = 0; i < value.Length; i++)
            {
                if (IsInvisible(value[i]))
                {
                    problem = $"has the unprintable character {Describe.CodePoint(value[i])} at index {i}";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidSearch,
                $"The search value at {where} {problem}. Send a printable string of 1-{maxLength} characters, or leave the field out.");
        }
    }

    private static void ThrowOnNul(string value, string where)
    {
        var index = value.IndexOf('\0', StringComparison.Ordinal);
        if (index >= 0)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.NulCharacter,
                $"The value at {where} contains a NUL character (U+0000) at index {index}. Remove it: NUL truncates strings in C, logs and PostgreSQL text.");
        }
    }

    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
