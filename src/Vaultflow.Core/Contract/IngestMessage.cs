using System.Text.Json;

namespace Vaultflow.Core.Contract;

/// <summary>
/// A message that passed the v1 ingest contract. Immutable: the byte buffers are private copies.
/// </summary>
public sealed class IngestMessage
{
    private readonly byte[] _utf8Json;
    private readonly byte[] _data;

    internal IngestMessage(string type, string key, KeySource keySource, byte[] utf8Json, byte[] data, IReadOnlyDictionary<string, string> search)
    {
        Type = type;
        Key = key;
        KeySource = keySource;
        _utf8Json = utf8Json;
        _data = data;
        Search = search;
    }

    /// <summary>The message type, matching ^[a-z][a-z0-9._-]{0,63}$.</summary>
    public string Type { get; }

    /// <summary>The idempotency key: the producer's <c>key</c>, else the SQS message id, else the content hash.</summary>
    public string Key { get; }

    public KeySource KeySource { get; }

    /// <summary>The raw UTF-8 bytes of the <c>data</c> object exactly as the producer sent them.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The whole message object as sent (surrounding whitespace removed), for the workflow input.</summary>
    public ReadOnlyMemory<byte> Utf8Json => _utf8Json;

    /// <summary>Search fields by name (today only <c>email</c>); empty when the message had none.</summary>
    public IReadOnlyDictionary<string, string> Search { get; }

    /// <summary>The data object as a detached <see cref="JsonElement"/>.</summary>
    public JsonElement ParseData() => ParseDetached(_data);

    /// <summary>The message object as a detached <see cref="JsonElement"/>.</summary>
    public JsonElement ParseMessage() => ParseDetached(_utf8Json);

    private static JsonElement ParseDetached(byte[] utf8)
    {
        // The bytes already passed the strict validator; depth 256 is MessageLimits' ceiling.
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 258 });
        return document.RootElement.Clone();
    }
}
