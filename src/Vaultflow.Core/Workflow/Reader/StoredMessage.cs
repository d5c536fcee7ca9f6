using System.Text.Json;
using Vaultflow.Core.Workflow.Steps;

namespace Vaultflow.Core.Workflow.Reader;

/// <summary>What the reader and the re-index read from a decrypted record (the message's canonical JSON).</summary>
internal static class StoredMessage
{
    /// <summary>The message's <c>search.email</c>, the value Encrypt indexed; null when it has none.</summary>
    public static string? EmailOf(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("search", out var search) && search.ValueKind == JsonValueKind.Object
        && search.TryGetProperty(EncryptStep.EmailField, out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;
}
