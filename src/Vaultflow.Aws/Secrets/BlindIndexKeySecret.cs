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
/// <c>{"key":"&lt;base64&gt;"}</c> (other fields are ignored). serverless.template generates the JSON
/// form with 64 characters from [A-Za-z0-9]: every such string is valid base64 of 48 bytes (about 381
/// bits of entropy), so a generated secret needs no special decoding.
/// <para>
/// The key is read once per cold start and never refreshed: every stored blind index was computed
/// under it, so a new key would silently stop search from finding existing rows (rotation means a
/// re-index). No message quotes the secret's value.
/// </para>
/// </summary>
public static class BlindIndexKeySecret
{
    /// <summary>The JSON field holding the base64 key.</summary>
    public const string KeyField = "key";

    /// <summary>For <see cref="SecretsExtensionOptions.Holds"/>: what the secret must hold.</summary>
    public static readonly string Holds = $"the blind-index key: base64 of {BlindIndexer.MinKeyBytes} to {BlindIndexer.MaxKeyBytes} bytes (e.g. `openssl rand -base64 32`), alone or as JSON {{\"{KeyField}\":\"<base64>\"}}";

    /// <summary>Options for reading the secret named by <paramref name="secretId"/> through the extension, with this secret's messages.</summary>
    /// <exception cref="ConfigurationException">PARAMETERS_SECRETS_EXTENSION_HTTP_PORT is not a port.</exception>
    public static SecretsExtensionOptions ExtensionOptions(string secretId, Func<string, string?> getVariable) =>
        SecretsExtensionOptions.FromEnvironment(secretId, getVariable) with
        {
            Setting = SettingNames.BlindIndexKeySecretId,
            Holds = Holds,
            OutsideLambda = $"set {SettingNames.BlindIndexKey} to the base64 key",
        };

    /// <summary>Reads the secret once from <paramref name="source"/> and builds the indexer from it.</summary>
    /// <exception cref="ConfigurationException">The secret cannot be read as configured, or does not hold a valid key (names the secret, never the value).</exception>
    /// <exception cref="TransientException">The source was unavailable.</exception>
    public static async Task<BlindIndexer> LoadIndexerAsync(ISecretSource source, int lengthBits = BlindIndexer.DefaultLengthBits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var secret = await source.GetSecretStringAsync(cancellationToken).ConfigureAwait(false);
        var key = ToKey(secret, source.Setting, source.Description);
        try
        {
            return new BlindIndexer(key, lengthBits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The key bytes of a secret string in either format.</summary>
    /// <param name="secret">The secret's string value.</param>
    /// <param name="setting">The setting naming the secret (reported in errors).</param>
    /// <param name="description">The secret's description for messages, e.g. "secret 'arn:...'".</param>
    /// <exception cref="ConfigurationException">Not JSON of the expected form, not base64, or not 32 to 64 bytes.</exception>
    public static byte[] ToKey(string secret, string setting, string description)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var trimmed = secret.Trim();
        var text = trimmed.StartsWith('{') ? FromJson(trimmed, setting, description) : trimmed;
        return KeyMaterialLoader.Decode(text, setting, description, "blind-index key", BlindIndexer.MinKeyBytes, BlindIndexer.MaxKeyBytes);
    }

    private static string FromJson(string json, string setting, string description)
    {
        BlindIndexKeyJson? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, SecretsJsonContext.Default.BlindIndexKeyJson);
        }
        catch (JsonException)
        {
            // The parser's message can quote the JSON, which holds the key.
            throw new ConfigurationException(setting, $"{description} starts with '{{' but is not valid JSON of the form {{\"{KeyField}\":\"<base64>\"}}. Store {Holds}. The value is not shown because it holds the key.");
        }

        return parsed?.Key is { Length: > 0 } key
            ? key
            : throw new ConfigurationException(setting, $"{description} is JSON without a \"{KeyField}\" string. Store {Holds}.");
    }
}
