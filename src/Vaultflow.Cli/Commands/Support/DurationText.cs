using System.Globalization;
using System.Text.RegularExpressions;

namespace Vaultflow.Cli.Commands.Support;

/// <summary>Durations as operators type them: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, <c>1h30m</c>.</summary>
internal static partial class DurationText
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success || text!.Length == 0)
        {
            throw new UsageException($"{option} '{text}' is not a duration: use a number and a unit, e.g. 90s, 15m, 2h, 7d or 1h30m");
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var value = double.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
            total += part.Value[^1] switch
            {
                'd' => TimeSpan.FromDays(value),
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total > TimeSpan.Zero
            ? total
            : throw new UsageException($"{option} '{text}' must be longer than zero");
    }

    [GeneratedRegex(@"^(?<part>[0-9]{1,6}[dhms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
