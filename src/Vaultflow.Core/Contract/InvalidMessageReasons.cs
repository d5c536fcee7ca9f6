namespace Vaultflow.Core.Contract;

/// <summary>One reason code and the sentence the README prints for it.</summary>
public sealed record ReasonInfo(string Code, string Description);

/// <summary>
/// The stable reason codes of <see cref="Errors.InvalidMessageException"/>. They travel as the
/// <c>vf-failure</c> attribute of DLQ messages and are what <c>vaultflow replay --reason</c> filters on,
/// so renaming one is a breaking change.
/// </summary>
public static class InvalidMessageReasons
{
    public const string EmptyBody = "empty-body";
    public const string TooLarge = "too-large";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string LoneSurrogate = "lone-surrogate";
    public const string InvalidJson = "invalid-json";
    public const string TruncatedJson = "truncated-json";
    public const string TooDeep = "too-deep";
    public const string DuplicateProperty = "duplicate-property";
    public const string NumberOutOfRange = "number-out-of-range";
    public const string NumberTooPrecise = "number-too-precise";
    public const string NotAnObject = "not-an-object";
    public const string MissingField = "missing-field";
    public const string WrongType = "wrong-type";
    public const string UnknownField = "unknown-field";
    public const string NulCharacter = "nul-character";
    public const string InvalidTypeName = "invalid-type-name";
    public const string InvalidKey = "invalid-key";
    public const string DataNotObject = "data-not-object";
    public const string InvalidSearch = "invalid-search";
    public const string InvalidCount = "invalid-count";
    public const string InvalidField = "invalid-field";
    public const string RecursionGuard = "recursion-guard";
    public const string InvalidAttribute = "invalid-attribute";
    public const string TooManyAttributes = "too-many-attributes";

    /// <summary>Every code with a one-line description, in the order the README lists them.</summary>
    public static IReadOnlyList<ReasonInfo> All { get; } =
    [
        new(EmptyBody, "The body is empty or only whitespace; send a JSON object."),
        new(TooLarge, "The body (or workflow input) is over the size limit that keeps Step Functions input under 256 KiB; shrink `data` or store large payloads elsewhere."),
        new(InvalidUtf8, "The body is not valid UTF-8 (bad byte sequence, byte order mark, or an unpaired surrogate in the text); send UTF-8 without BOM."),
        new(LoneSurrogate, "A \\u escape is an unpaired UTF-16 surrogate (e.g. \\ud800 alone); escape characters outside the BMP as a surrogate pair."),
        new(InvalidJson, "The body is not a single well-formed JSON value (RFC 8259, no comments or trailing commas)."),
        new(TruncatedJson, "The JSON ends in the middle of a value; the producer sent a cut-off body."),
        new(TooDeep, "Objects/arrays are nested deeper than the configured limit (default 32)."),
        new(DuplicateProperty, "An object has the same property name twice (after unescaping); parsers disagree on which wins, so Vaultflow refuses it."),
        new(NumberOutOfRange, "A number overflows or underflows an IEEE-754 double (e.g. 1e400, 1e-400); send it as a string."),
        new(NumberTooPrecise, "A number has more precision than a double keeps (e.g. 9007199254740993); send it as a string."),
        new(NotAnObject, "The top-level JSON value is not an object."),
        new(MissingField, "A required field is absent (`type`, `data`, or `message` in workflow input)."),
        new(WrongType, "A field has the wrong JSON type (e.g. `type` is a number, `search.email` is not a string)."),
        new(UnknownField, "A field the versioned contract does not define; the contract is strict so typos are not silently dropped."),
        new(NulCharacter, "`type`, `key`, a search value or an id contains U+0000, or the body has a raw NUL byte (an escaped \\u0000 inside `data` is payload and allowed)."),
        new(InvalidTypeName, "`type` does not match ^[a-z][a-z0-9._-]{0,63}$."),
        new(InvalidKey, "`key` (or the idempotency key/message id) is empty, longer than 256 UTF-16 code units, has control/format characters, or leading/trailing whitespace."),
        new(DataNotObject, "`data` is present but not a JSON object."),
        new(InvalidSearch, "`search` is not an object, or a search value is empty, too long (default 320) or has control characters."),
        new(InvalidCount, "A workflow input count (receiveCount, replayCount, hops) is negative, fractional or above 2^31-1."),
        new(InvalidField, "A workflow input field other than the message has an invalid value (e.g. an over-long startedBy.functionName)."),
        new(RecursionGuard, "The message was replayed or forwarded by Vaultflow more often than allowed (defaults: 3 replays, 16 hops)."),
        new(InvalidAttribute, "A vf-* message attribute is forged or malformed (negative, non-numeric, huge, padded); Vaultflow will not guess."),
        new(TooManyAttributes, "Adding Vaultflow's vf-* attributes would exceed SQS's limit of 10 message attributes."),
    ];

    /// <summary>Looks a code up; null when the code is unknown.</summary>
    public static ReasonInfo? Find(string code) => All.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));
}
