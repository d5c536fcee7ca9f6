using System.Text.Json.Serialization;

namespace Vaultflow.Lambda.LocalInvoke.Faults;

// Wire shapes of the admin route /_vaultflow/lambda/faults (camelCase JSON).

internal sealed class InvokeFaultRequest
{
    /// <summary>The function name; null or "*" with clear=true turns every crash off.</summary>
    public string? Function { get; set; }

    public int? CrashAfterNext { get; set; }

    public double? CrashAfterRate { get; set; }

    /// <summary>"reset" (default), "service-error" or "reset-while-running".</summary>
    public string? Mode { get; set; }

    public int? Seed { get; set; }

    public bool? Clear { get; set; }
}

internal sealed class InvokeFaultFunctionView
{
    public required int CrashAfterNext { get; init; }

    public required double CrashAfterRate { get; init; }

    public required string Mode { get; init; }

    public required long Crashes { get; init; }
}

internal sealed class InvokeFaultResponse
{
    public required IReadOnlyDictionary<string, InvokeFaultFunctionView> Functions { get; init; }
}

internal sealed class InvokeFaultError
{
    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InvokeFaultRequest))]
[JsonSerializable(typeof(InvokeFaultResponse))]
[JsonSerializable(typeof(InvokeFaultError))]
internal sealed partial class InvokeFaultJsonContext : JsonSerializerContext
{
}
