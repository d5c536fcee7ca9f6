using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaultflow.Cli.Commands.Send;

/// <summary>
/// <c>--key K</c>: sets the producer idempotency key of each message. With several messages, <c>{{n}}</c>
/// in K is the message's position (1-based); without it, "-n" is appended so keys stay distinct.
/// </summary>
internal static class KeyOverride
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string KeyFor(string key, int position, int total)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Contains(MessageTemplate.Number, StringComparison.Ordinal))
        {
            return MessageTemplate.Expand(key, position);
        }

        return total == 1 ? key : $"{key}-{position}";
    }

    /// <summary>The body with its top-level <c>key</c> replaced; the body already passed validation (an object).</summary>
    public static string Apply(string body, string key)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        node["key"] = key;
        return node.ToJsonString(Relaxed);
    }
}
