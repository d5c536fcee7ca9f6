using Vaultflow.Core.Contract;

namespace Vaultflow.Core.Routing;

/// <summary>
/// Stops messages that Vaultflow keeps sending to itself. Inbound (Starter): evaluate the attributes
/// as received. Outbound replay: evaluate the <see cref="RoutingState.NextHop"/> state before sending.
/// Parking a message in the DLQ is never refused: losing a message is worse than one more hop.
/// Attribute values come from anyone who can send to the queue, so they are parsed strictly and a
/// malformed one is a decision, never an exception.
/// </summary>
public sealed class RecursionGuard
{
    private const int MaxOriginIdLength = 128;

    public RecursionGuard(RecursionGuardOptions? options = null)
    {
        Options = options ?? RecursionGuardOptions.Default;
        Options.Validate();
    }

    public RecursionGuardOptions Options { get; }

    /// <summary>
    /// Reads the vf-* attributes (the StringValue of each String-typed attribute, by name; other
    /// attributes are ignored) and decides. An absent count is 0.
    /// </summary>
    public GuardDecision Evaluate(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var replays = ReadCount(attributes, MessageAttributeNames.ReplayCount, out var replayError);
        if (replayError is not null)
        {
            return GuardDecision.Invalid(replayError);
        }

        var hops = ReadCount(attributes, MessageAttributeNames.Hops, out var hopsError);
        if (hopsError is not null)
        {
            return GuardDecision.Invalid(hopsError);
        }

        string? originId = null;
        if (attributes.TryGetValue(MessageAttributeNames.OriginId, out var origin))
        {
            if (OriginIdProblem(origin) is { } problem)
            {
                return GuardDecision.Invalid(
                    $"The message attribute {MessageAttributeNames.OriginId} {problem}; it must be 1-{MaxOriginIdLength} printable ASCII characters. Remove the attribute; Vaultflow sets it itself.");
            }

            originId = origin;
        }

        return Evaluate(new RoutingState(replays, hops, originId));
    }

    /// <summary>Decides on a known state (for example the next hop of a replay).</summary>
    public GuardDecision Evaluate(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ReplayCount > Options.MaxReplays)
        {
            return GuardDecision.Refuse(
                state,
                $"The message has been replayed {state.ReplayCount} times ({MessageAttributeNames.ReplayCount}); the limit is {Options.MaxReplays}. Fix the cause and replay with --force, or discard the message.");
        }

        if (state.Hops > Options.MaxHops)
        {
            return GuardDecision.Refuse(
                state,
                $"Vaultflow has sent the message {state.Hops} times ({MessageAttributeNames.Hops}); the limit is {Options.MaxHops}. Something routes it in a loop: check that the DLQ is not consumed by a Vaultflow function.");
        }

        return GuardDecision.Allow(state);
    }

    private static int ReadCount(IReadOnlyDictionary<string, string> attributes, string name, out string? error)
    {
        error = null;
        if (!attributes.TryGetValue(name, out var text))
        {
            return 0;
        }

        // Digits only, 1..9 of them: no sign, whitespace, exponent or leading '+', and no overflow.
        if (text is null || text.Length is 0 or > 9 || !text.All(char.IsAsciiDigit))
        {
            error = $"The message attribute {name} must be a non-negative integer of at most 9 digits; it is {DescribeValue(text)}. Remove the attribute (Vaultflow sets it itself) and send again.";
            return 0;
        }

        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Null when the origin id is 1..128 printable ASCII characters, else what is wrong (never the value).</summary>
    private static string? OriginIdProblem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is empty";
        }

        if (value.Length > MaxOriginIdLength)
        {
            return $"is {value.Length} characters long (at most {MaxOriginIdLength})";
        }

        var bad = value.AsSpan().IndexOfAnyExceptInRange('!', '~');
        return bad < 0 ? null : $"has the character {Describe.CodePoint(value[bad])} at index {bad}";
    }

    private static string DescribeValue(string? text) => text switch
    {
        null => "missing a value",
        { Length: 0 } => "empty",
        { Length: > 9 } when text.All(char.IsAsciiDigit) => $"{text.Length} digits long",
        _ when text.AsSpan().Trim().Length != text.Length => "padded with whitespace",
        _ when text.StartsWith('-') => "negative",
        _ => $"not a plain number ({text.Length} characters)",
    };
}
