using System.Globalization;

namespace Vaultflow.Cli.Commands.Send;

/// <summary>
/// Generates load from a template: <c>{{n}}</c> becomes 1..N and <c>{{uuid}}</c> a fresh GUID per message.
/// Placeholders are replaced as text, so they may sit inside JSON strings or stand as numbers.
/// </summary>
internal static class MessageTemplate
{
    public const string Number = "{{n}}";
    public const string Uuid = "{{uuid}}";

    public static string Expand(string template, int n, Func<Guid>? newGuid = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        newGuid ??= Guid.NewGuid;
        var text = template.Replace(Number, n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        while (text.Contains(Uuid, StringComparison.Ordinal))
        {
            var at = text.IndexOf(Uuid, StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, at), newGuid().ToString("D"), text.AsSpan(at + Uuid.Length));
        }

        return text;
    }

    /// <summary>N generated bodies; the "line" of each candidate is its number n.</summary>
    public static IReadOnlyList<SendCandidate> Generate(string template, int count, Func<Guid>? newGuid = null) =>
        [.. Enumerable.Range(1, count).Select(n => new SendCandidate(n, Expand(template, n, newGuid).Trim()))];
}
