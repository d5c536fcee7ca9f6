namespace Vaultflow.Lambda.Generator.Parsing;

/// <summary>Metadata names the generator recognises, in one place.</summary>
internal static class KnownNames
{
    public const string LambdaFunctionAttribute = "Vaultflow.Lambda.Annotations.LambdaFunctionAttribute";
    public const string SqsEventAttribute = "Vaultflow.Lambda.Annotations.SqsEventAttribute";
    public const string LambdaStartupAttribute = "Vaultflow.Lambda.Annotations.LambdaStartupAttribute";
    public const string LambdaSerializerAttribute = "Vaultflow.Lambda.Annotations.LambdaSerializerAttribute";
    public const string LambdaContext = "Vaultflow.Lambda.Context.ILambdaContext";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";
    public const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";
    public const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";

    // Mirrors the attribute's property initializers: AttributeData only carries explicitly set values.
    public const int DefaultMemorySize = 256;
    public const int DefaultTimeout = 30;
    public const int DefaultBatchSize = 10;
}
