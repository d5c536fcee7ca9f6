using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.ExceptionHandling;

/// <summary>Source-generated JSON for the runtime's own documents (AOT: no reflection at invoke time).</summary>
[JsonSerializable(typeof(LambdaErrorPayload))]
internal sealed partial class LambdaRuntimeJsonContext : JsonSerializerContext;
