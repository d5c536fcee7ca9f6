using System.Text.Json.Serialization;

namespace Vaultflow.Chaos;

/// <summary>The sfn-server fault switch body.</summary>
internal sealed record SfnFaults(
    [property: JsonPropertyName("throttleStartNext")] int ThrottleStartNext,
    [property: JsonPropertyName("throttleStartRate")] double ThrottleStartRate);

[JsonSerializable(typeof(SfnFaults))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
