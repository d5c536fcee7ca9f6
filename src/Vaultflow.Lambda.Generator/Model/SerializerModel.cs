namespace Vaultflow.Lambda.Generator.Model;

/// <summary>
/// The JsonSerializerContext named by <c>[LambdaSerializer]</c>: its type, whether it really derives
/// from JsonSerializerContext, and the types reachable from its <c>[JsonSerializable]</c> roots (what
/// the System.Text.Json generator will emit metadata for, as far as this generator can tell).
/// </summary>
internal sealed record SerializerModel(
    string ContextType,
    bool IsJsonSerializerContext,
    EquatableArray<string> ReachableTypes,
    LocationInfo? Location);

/// <summary>The assembly-level serializer, or none.</summary>
internal sealed record AssemblySerializer(SerializerModel? Serializer);

/// <summary>A <c>[LambdaStartup]</c> class.</summary>
internal sealed record StartupModel(string Type, bool HasConfigureServices, LocationInfo? Location);
