using System.Security.Cryptography;
using System.Text.Json;

namespace Vaultflow.Core.Contract;

/// <summary>
/// The idempotency key of a message that carries neither <c>key</c> nor an SQS message id (console
/// input): <c>sha256:</c> + lowercase hex SHA-256 of the message's <see cref="CanonicalJson"/> form, so
/// reordered keys or different whitespace give the same key.
/// </summary>
public static class ContentHash
{
    public const string Prefix = "sha256:";

    public static string Compute(JsonElement message) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Serialize(message)));
}
