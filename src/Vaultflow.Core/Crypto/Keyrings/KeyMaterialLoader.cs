using System.Security.Cryptography;
using System.Text;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Crypto.Keyrings;

/// <summary>
/// Loads a secret key from a <see cref="KeyMaterialSource"/>. Errors name the variable or file and
/// say what to do; they never contain the value. Intermediate buffers are zeroed.
/// </summary>
public static class KeyMaterialLoader
{
    /// <summary>Reads and decodes the key; <paramref name="minLength"/>..<paramref name="maxLength"/> bytes after base64 decoding.</summary>
    /// <param name="source">Where the key is.</param>
    /// <param name="environment">Environment and file access.</param>
    /// <param name="purpose">What the key is for, used in error messages (e.g. "raw AES wrapping key").</param>
    /// <param name="minLength">Minimum key length in bytes.</param>
    /// <param name="maxLength">Maximum key length in bytes.</param>
    /// <exception cref="ConfigurationException">Missing, unreadable, not base64, or of the wrong length.</exception>
    public static byte[] Load(KeyMaterialSource source, IKeyMaterialEnvironment environment, string purpose, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(environment);
        var hasVariable = !string.IsNullOrWhiteSpace(source.EnvironmentVariable);
        var hasFile = !string.IsNullOrWhiteSpace(source.FilePath);
        if (hasVariable == hasFile)
        {
            throw new ConfigurationException(
                "KeyMaterialSource",
                $"The {purpose} must come from exactly one place: set either an environment variable name or a file path (got {(hasVariable ? "both" : "neither")}).");
        }

        return hasVariable
            ? FromVariable(source.EnvironmentVariable!, environment, purpose, minLength, maxLength)
            : FromFile(source.FilePath!, environment, purpose, minLength, maxLength);
    }

    private static byte[] FromVariable(string name, IKeyMaterialEnvironment environment, string purpose, int minLength, int maxLength)
    {
        var text = environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException(
                name,
                $"The {purpose} is missing: environment variable {name} is not set or empty. Set it to a base64 key of {Describe(minLength, maxLength)} (e.g. the output of `openssl rand -base64 {minLength}`).");
        }

        return Decode(text, name, $"environment variable {name}", purpose, minLength, maxLength);
    }

    private static byte[] FromFile(string path, IKeyMaterialEnvironment environment, string purpose, int minLength, int maxLength)
    {
        byte[]? raw;
        try
        {
            raw = environment.ReadFile(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new ConfigurationException(
                path,
                $"The {purpose} file {path} could not be read ({e.GetType().Name}). Check that it exists and that this process may read it (mode 0600, owned by the service user).");
        }

        if (raw is null)
        {
            throw new ConfigurationException(
                path,
                $"The {purpose} file {path} does not exist. Create it with `openssl rand -base64 {minLength} > {path}` and `chmod 600 {path}`, or point the setting at the right file.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            throw new ConfigurationException(
                path,
                $"The {purpose} file {path} is not base64 text (it contains non-UTF-8 bytes; raw binary keys are not accepted). Write the key as base64, e.g. `openssl rand -base64 {minLength} > {path}`.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(raw);
        }

        return Decode(text, path, $"file {path}", purpose, minLength, maxLength);
    }

    /// <summary>Decodes base64 key text that came from elsewhere (e.g. a secret); errors name <paramref name="where"/>, never the text.</summary>
    /// <param name="text">The base64 key (surrounding whitespace ignored).</param>
    /// <param name="setting">The setting reported in <see cref="ConfigurationException.Setting"/>.</param>
    /// <param name="where">Where the text came from, for messages (e.g. "secret 'arn:...'").</param>
    /// <param name="purpose">What the key is for, used in error messages.</param>
    /// <param name="minLength">Minimum key length in bytes.</param>
    /// <param name="maxLength">Maximum key length in bytes.</param>
    /// <exception cref="ConfigurationException">Not base64, or of the wrong length.</exception>
    public static byte[] Decode(string text, string setting, string where, string purpose, int minLength, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().Trim();
        var buffer = new byte[(trimmed.Length * 3 / 4) + 3];
        try
        {
            if (!Convert.TryFromBase64Chars(trimmed, buffer, out var written))
            {
                throw new ConfigurationException(
                    setting,
                    $"The {purpose} in {where} is not valid base64. Store the key base64-encoded (standard alphabet, with padding), e.g. the output of `openssl rand -base64 {minLength}`.");
            }

            if (written < minLength || written > maxLength)
            {
                throw new ConfigurationException(
                    setting,
                    $"The {purpose} in {where} decodes to {written} bytes; it must be {Describe(minLength, maxLength)}. Generate a new one with `openssl rand -base64 {minLength}`.");
            }

            return buffer.AsSpan(0, written).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static string Describe(int minLength, int maxLength) => minLength == maxLength
        ? $"exactly {minLength} bytes"
        : $"{minLength} to {maxLength} bytes";
}
