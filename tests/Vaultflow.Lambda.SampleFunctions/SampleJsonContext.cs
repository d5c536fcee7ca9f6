using System.Text.Json.Serialization;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Events;
using Vaultflow.Lambda.SampleFunctions.Functions;

[assembly: LambdaSerializer(typeof(Vaultflow.Lambda.SampleFunctions.SampleJsonContext))]

namespace Vaultflow.Lambda.SampleFunctions;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoResponse))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(RemainingResponse))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
