using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vaultflow.Core.Contract;

/// <summary>
/// The Step Functions execution name for an idempotency key and replay count. STANDARD workflows
/// refuse a second execution with the same name, which is what makes a redelivered message a no-op.
/// Layout: <c>{readable prefix}-{hash}-r{replayCount}</c>, at most 80 characters of [0-9A-Za-z_-]:
/// the prefix is the key with every other character turned into '-' (runs collapsed, at most 40
/// characters) so operators can find executions; the hash is 130 bits of SHA-256 over the full UTF-8
/// key in lowercase base32 (26 characters), so keys that sanitize alike still get different names.
/// </summary>
public static class ExecutionName
{
    public const int MaxLength = 80;

    /// <summary>26 base32 characters = 130 bits of SHA-256.</summary>
    public const int HashLength = 26;

    public const int MaxPrefixLength = 40;

    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string For(string idempotencyKey, int replayCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegative(replayCount);

        var hash = Base32(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)), HashLength);
        var prefix = Sanitize(idempotencyKey);
        var suffix = "-r" + replayCount.ToString(CultureInfo.InvariantCulture);
        return prefix.Length == 0 ? hash + suffix : prefix + "-" + hash + suffix;
    }

    /// <summary>True for names Step Functions accepts and that are safe in CloudWatch metrics.</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Sanitize(string key)
    {
        var builder = new StringBuilder(MaxPrefixLength);
        foreach (var c in key)
        {
            if (builder.Length == MaxPrefixLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().TrimEnd('-');
    }

    private static string Base32(ReadOnlySpan<byte> bytes, int characters)
    {
        var builder = new StringBuilder(characters);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && builder.Length < characters)
            {
                builder.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }

            if (builder.Length == characters)
            {
                break;
            }

            buffer &= (1 << bits) - 1;
        }

        return builder.ToString();
    }
}
