using System.Globalization;
using System.Text;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Vaultflow's number policy: a JSON number is accepted only when it is exactly the shortest
/// round-trip form of a finite IEEE-754 double (trailing zeros and exponent spelling aside). Then every
/// parser in every language reads the same value, the message survives the JavaScript-based Step
/// Functions tooling unchanged, and the canonical form equals RFC 8785's. Larger or more precise
/// numbers (ids above 2^53, 30-digit decimals) must be sent as strings.
/// </summary>
internal static class JsonNumberPolicy
{
    /// <summary>Null when the number is accepted, otherwise the reason code.</summary>
    public static string? Check(ReadOnlySpan<byte> literal, out CanonicalNumber number)
    {
        if (!CanonicalNumber.TryParse(literal, out number))
        {
            return InvalidMessageReasons.NumberOutOfRange;
        }

        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            return InvalidMessageReasons.NumberOutOfRange;
        }

        if (value == 0 && !number.IsZero)
        {
            return InvalidMessageReasons.NumberOutOfRange;
        }

        var shortest = Encoding.ASCII.GetBytes(value.ToString("R", CultureInfo.InvariantCulture));
        if (!CanonicalNumber.TryParse(shortest, out var roundTrip) || roundTrip != number)
        {
            return InvalidMessageReasons.NumberTooPrecise;
        }

        return null;
    }

    public static string Explain(string reason) => reason == InvalidMessageReasons.NumberOutOfRange
        ? "is outside the range of an IEEE-754 double (it would become Infinity or 0); send it as a string"
        : "has more precision than an IEEE-754 double keeps (e.g. an integer above 2^53), so parsers would disagree on its value; send it as a string";
}
