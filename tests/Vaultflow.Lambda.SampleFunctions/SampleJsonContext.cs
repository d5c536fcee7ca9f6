using System.Text.Json.Serialization;
using Vaultflow.Lambda.SampleFunctions.Functions;

namespace Vaultflow.Lambda.SampleFunctions;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoResponse))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(RemainingResponse))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
