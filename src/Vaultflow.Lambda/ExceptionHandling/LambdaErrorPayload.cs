using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.ExceptionHandling;

/// <summary>
/// The error document the Runtime API's <c>/invocation/{id}/error</c> and <c>/init/error</c> take, and
/// the body Lambda Invoke returns with <c>X-Amz-Function-Error: Unhandled</c>.
/// </summary>
public sealed record LambdaErrorPayload(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    /// <summary>Serializes the payload (source-generated, AOT-safe).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, LambdaRuntimeJsonContext.Default.LambdaErrorPayload);

    /// <summary>Reads a payload, e.g. from an Invoke response body.</summary>
    public static LambdaErrorPayload? FromUtf8Json(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, LambdaRuntimeJsonContext.Default.LambdaErrorPayload);
}
