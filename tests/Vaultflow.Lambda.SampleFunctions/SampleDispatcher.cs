using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vaultflow.Lambda.Context;
using Vaultflow.Lambda.Events;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.SampleFunctions.Functions;

namespace Vaultflow.Lambda.SampleFunctions;

/// <summary>
/// Hand-written stand-in for what the source generator emits from the attributes on
/// <see cref="SampleHandlers"/>; replaced by the generated dispatcher
/// <c>Vaultflow.Generated.LambdaFunctions.CreateDispatcher()</c> at integration.
/// </summary>
public sealed class SampleDispatcher(SampleHandlers functions) : ILambdaFunctionDispatcher
{
    private static readonly LambdaFunctionDescriptor[] Descriptors =
    [
        new("Echo", 128, 10, [], null),
        new("Fail", 128, 10, [], null),
        new("Remaining", 128, 10, [], null),
        new("SqsBatch", 256, 30, [], new SqsEventDescriptor("@SampleQueue", 10, 0, 0, [])),
    ];

    public IReadOnlyList<LambdaFunctionDescriptor> Functions => Descriptors;

    public Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        var response = functionName switch
        {
            "Echo" => Serialize(functions.Echo(Deserialize(payload, SampleJsonContext.Default.EchoRequest), context), SampleJsonContext.Default.EchoResponse),
            "Fail" => Serialize(SampleHandlers.Fail(Deserialize(payload, SampleJsonContext.Default.FailRequest), context), SampleJsonContext.Default.EchoResponse),
            "Remaining" => Serialize(SampleHandlers.Remaining(context), SampleJsonContext.Default.RemainingResponse),
            "SqsBatch" => Serialize(SampleHandlers.SqsBatch(Deserialize(payload, SqsEventsJsonContext.Default.SqsEvent), context), SqsEventsJsonContext.Default.SqsBatchResponse),
            _ => throw new UnknownFunctionException(functionName, Descriptors.Select(d => d.Name)),
        };
        return Task.FromResult(response);
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> payload, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(payload.Span, type)
        ?? throw new JsonException($"The payload is JSON null; expected a {typeof(T).Name} object.");

    private static byte[] Serialize<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
