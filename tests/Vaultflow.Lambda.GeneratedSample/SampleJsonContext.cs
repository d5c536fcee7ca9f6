using System.Text.Json.Serialization;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.GeneratedSample;

[assembly: LambdaSerializer(typeof(SampleJsonContext))]

namespace Vaultflow.Lambda.GeneratedSample;

/// <summary>Every input and output of the sample's functions, source-generated (no reflection).</summary>
[JsonSerializable(typeof(SampleSqsEvent))]
[JsonSerializable(typeof(SampleBatchResponse))]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
[JsonSerializable(typeof(AddRequest))]
[JsonSerializable(typeof(int))]
public sealed partial class SampleJsonContext : JsonSerializerContext
{
}
