using System.Globalization;
using System.Text;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Exact decimal form of a JSON number: value = (-1)^Negative x Digits x 10^Exponent, Digits without
/// leading or trailing zeros ("0" for zero, which is never negative). Comparing these compares the
/// mathematical values exactly, with no binary rounding.
/// </summary>
internal readonly record struct CanonicalNumber(bool Negative, string Digits, long Exponent)
{
    private const int MaxExponentDigits = 15;

    public bool IsZero => Digits == "0";

    /// <summary>
    /// Parses JSON number grammar, plus the "E+" form .NET prints. False when the text is not a number
    /// or its exponent is absurdly large (more than 15 digits).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out CanonicalNumber number)
    {
        number = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        var digits = new StringBuilder();
        var integerStart = i;
        while (i < text.Length && IsDigit(text[i]))
        {
            digits.Append((char)text[i++]);
        }

        if (i == integerStart)
        {
            return false;
        }

        long fractionLength = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            var fractionStart = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                digits.Append((char)text[i++]);
            }

            fractionLength = i - fractionStart;
            if (fractionLength == 0)
            {
                return false;
            }
        }

        long exponent = 0;
        if (i < text.Length && (text[i] == (byte)'e' || text[i] == (byte)'E'))
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && (text[i] == (byte)'+' || text[i] == (byte)'-'))
            {
                exponentNegative = text[i] == (byte)'-';
                i++;
            }

            var exponentStart = i;
            while (i < text.Length && IsDigit(text[i]))
            {
                if (i - exponentStart >= MaxExponentDigits)
                {
                    return false;
                }

                exponent = (exponent * 10) + (text[i++] - '0');
            }

            if (i == exponentStart)
            {
                return false;
            }

            exponent = exponentNegative ? -exponent : exponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        var all = digits.ToString();
        var trimmedStart = all.TrimStart('0');
        if (trimmedStart.Length == 0)
        {
            number = new CanonicalNumber(false, "0", 0);
            return true;
        }

        var trimmed = trimmedStart.TrimEnd('0');
        exponent = exponent - fractionLength + (trimmedStart.Length - trimmed.Length);
        number = new CanonicalNumber(negative, trimmed, exponent);
        return true;
    }

    /// <summary>
    /// Formats like ECMAScript's Number::toString (which RFC 8785 uses): plain digits while the decimal
    /// point is within 21 places, exponent form (1e+21, 1e-7) outside.
    /// </summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "0";
        }

        var k = (long)Digits.Length;
        var n = Exponent + k;
        var builder = new StringBuilder();
        if (Negative)
        {
            builder.Append('-');
        }

        if (k <= n && n <= 21)
        {
            builder.Append(Digits).Append('0', (int)(n - k));
        }
        else if (n is > 0 and <= 21)
        {
            builder.Append(Digits, 0, (int)n).Append('.').Append(Digits, (int)n, (int)(k - n));
        }
        else if (n is > -6 and <= 0)
        {
            builder.Append("0.").Append('0', (int)-n).Append(Digits);
        }
        else
        {
            var e = n - 1;
            builder.Append(Digits[0]);
            if (k > 1)
            {
                builder.Append('.').Append(Digits, 1, (int)(k - 1));
            }

            builder.Append('e').Append(e >= 0 ? '+' : '-').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
