using System.Security.Cryptography;
using System.Text.Json;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>
/// The blind-index key kept in Secrets Manager (VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID). The secret string
/// holds the key as base64 of 32 to 64 bytes, either alone (<c>openssl rand -base64 32</c>) or as JSON
/// <c>{"key":"&lt;base64&gt;"}</c> (other fields are ignored). During a rotation the JSON also holds the
/// key being rotated out: <c>{"key":"&lt;new&gt;","previous":"&lt;old&gt;"}</c>; searches then look
/// under both until <c>vaultflow reindex</c> has moved every row to the new key. serverless.template
/// generates the JSON form with 64 characters from [A-Za-z0-9]: every such string is valid base64 of
/// 48 bytes (about 381 bits of entropy), so a generated secret needs no special decoding.
/// <para>
/// The keys are read once per cold start and never refreshed: a changed secret reaches a function at
/// its next cold start (the README's rotation runbook forces one). No message quotes the secret's value.
/// </para>
/// </summary>
public static class BlindIndexKeySecret
{
    /// <summary>The JSON field holding the current base64 key.</summary>
    public const string KeyField = "key";

    /// <summary>The JSON field holding the base64 key being rotated out (optional).</summary>
    public const string PreviousField = "previous";

    /// <summary>For <see cref="SecretsExtensionOptions.Holds"/>: what the secret must hold.</summary>
    public static readonly string Holds = $"the blind-index key: base64 of {BlindIndexer.MinKeyBytes} to {BlindIndexer.MaxKeyBytes} bytes (e.g. `openssl rand -base64 32`), alone or as JSON {{\"{KeyField}\":\"<base64>\"}} (during a rotation {{\"{KeyField}\":\"<new>\",\"{PreviousField}\":\"<old>\"}})";

    /// <summary>Options for reading the secret named by <paramref name="secretId"/> through the extension, with this secret's messages.</summary>
    /// <exception cref="ConfigurationException">PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not a port.</exception>
    public static SecretsExtensionOptions ExtensionOptions(string secretId, Func<string, string?> getVariable) =>
        SecretsExtensionOptions.FromEnvironment(secretId, getVariable) with
        {
            Setting = SettingNames.BlindIndexKeySecretId,
            Holds = Holds,
            OutsideLambda = $"set {SettingNames.BlindIndexKey} to the base64 key",
        };

    /// <summary>Reads the secret once from <paramref name="source"/> and builds the key set from it (current key, and the previous one during a rotation).</summary>
    /// <exception cref="ConfigurationException">The secret cannot be read as configured, or does not hold valid keys (names the secret, never the value).</exception>
    /// <exception cref="TransientException">The source was unavailable.</exception>
    public static async Task<BlindIndexKeySet> LoadKeySetAsync(ISecretSource source, int lengthBits = BlindIndexer.DefaultLengthBits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var secret = await source.GetSecretStringAsync(cancellationToken).ConfigureAwait(false);
        var (current, previous) = ToKeys(secret, source.Setting, source.Description);
        try
        {
            var currentIndexer = new BlindIndexer(current, lengthBits);
            return new BlindIndexKeySet(currentIndexer, previous is null ? null : new BlindIndexer(previous, lengthBits));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(current);
            if (previous is not null)
            {
                CryptographicOperations.ZeroMemory(previous);
            }
        }
    }

    /// <summary>The current key bytes of a secret string in either format.</summary>
    /// <exception cref="ConfigurationException">Not JSON of the expected form, not base64, or not 32 to 64 bytes.</exception>
    public static byte[] ToKey(string secret, string setting, string description)
    {
        var (current, previous) = ToKeys(secret, setting, description);
        if (previous is not null)
        {
            CryptographicOperations.ZeroMemory(previous);
        }

        return current;
    }

    /// <summary>
    /// The current key bytes of a secret string in either format, and the previous key's when the JSON
    /// form has a non-empty <c>previous</c> field (an empty or null one means no rotation is under way).
    /// </summary>
    /// <param name="secret">The secret's string value.</param>
    /// <param name="setting">The setting naming the secret (reported in errors).</param>
    /// <param name="description">The secret's description for messages, e.g. "secret 'arn:...'".</param>
    /// <exception cref="ConfigurationException">Not JSON of the expected form, a key not base64, or not 32 to 64 bytes.</exception>
    public static (byte[] Current, byte[]? Previous) ToKeys(string secret, string setting, string description)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var trimmed = secret.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return (Decode(trimmed, setting, description, "blind-index key"), null);
        }

        var (key, previousText) = FromJson(trimmed, setting, description);
        var current = Decode(key, setting, description, "blind-index key");
        if (string.IsNullOrWhiteSpace(previousText))
        {
            return (current, null);
        }

        try
        {
            return (current, Decode(previousText, setting, description, $"previous blind-index key (field \"{PreviousField}\")"));
        }
        catch
        {
            CryptographicOperations.ZeroMemory(current);
            throw;
        }
    }

    private static byte[] Decode(string text, string setting, string description, string what) =>
        KeyMaterialLoader.Decode(text, setting, description, what, BlindIndexer.MinKeyBytes, BlindIndexer.MaxKeyBytes);

    private static (string Key, string? Previous) FromJson(string json, string setting, string description)
    {
        BlindIndexKeyJson? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, SecretsJsonContext.Default.BlindIndexKeyJson);
        }
        catch (JsonException)
        {
            // The parser's message can quote the JSON, which holds the key.
            throw new ConfigurationException(setting, $"{description} starts with '{{' but is not valid JSON of the form {{\"{KeyField}\":\"<base64>\"}} or {{\"{KeyField}\":\"<new>\",\"{PreviousField}\":\"<old>\"}}. Store {Holds}. The value is not shown because it holds the key.");
        }

        return parsed?.Key is { Length: > 0 } key
            ? (key, parsed.Previous)
            : throw new ConfigurationException(setting, $"{description} is JSON without a \"{KeyField}\" string. Store {Holds}.");
    }
}
