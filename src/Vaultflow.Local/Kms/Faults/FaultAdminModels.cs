using System.Text.Json.Serialization;

namespace Vaultflow.Local.Kms.Faults;

// Wire shapes of the admin route /_vaultflow/kms/faults (camelCase JSON).

internal sealed class FaultAdminRequest
{
    public int? ThrottleNext { get; set; }

    public double? ThrottleRate { get; set; }

    public int? Seed { get; set; }

    public bool? ResetCounters { get; set; }
}

internal sealed class FaultAdminResponse
{
    public required int ThrottleNext { get; init; }

    public required double ThrottleRate { get; init; }

    public int? Seed { get; init; }

    public required IReadOnlyDictionary<string, long> Calls { get; init; }

    public required IReadOnlyDictionary<string, long> Throttled { get; init; }

    public static FaultAdminResponse From(KmsFaultStatus status) => new()
    {
        ThrottleNext = status.Settings.ThrottleNext,
        ThrottleRate = status.Settings.ThrottleRate,
        Seed = status.Settings.Seed,
        Calls = status.Calls,
        Throttled = status.Throttled,
    };
}

internal sealed class FaultAdminError
{
    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FaultAdminRequest))]
[JsonSerializable(typeof(FaultAdminResponse))]
[JsonSerializable(typeof(FaultAdminError))]
internal sealed partial class FaultAdminJsonContext : JsonSerializerContext
{
}
