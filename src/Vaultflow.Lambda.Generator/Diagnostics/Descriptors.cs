using Microsoft.CodeAnalysis;

namespace Vaultflow.Lambda.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable: documentation and suppressions refer to them.</summary>
internal static class Descriptors
{
    private const string Category = "Vaultflow.Lambda";

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "VFL001",
        "Invalid Lambda function name",
        "Function name '{0}' on method '{1}' is invalid: it must match ^[A-Za-z0-9_-]{{1,64}}$. Set [LambdaFunction(Name = \"...\")] to a valid name.");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "VFL002",
        "Duplicate Lambda function name",
        "Function name '{0}' is declared by more than one method ({1}). Give each [LambdaFunction] a unique Name.");

    public static readonly DiagnosticDescriptor TooManyParameters = Error(
        "VFL003",
        "Too many parameters",
        "Method '{0}' has {1} parameters; a Lambda function takes at most 3: the input, ILambdaContext and CancellationToken, each optional. Move other dependencies to the constructor.");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "VFL004",
        "Unsupported parameter",
        "Parameter '{0}' of method '{1}' is not supported: {2}. Parameters may be one input type, ILambdaContext and CancellationToken, each at most once and passed by value.");

    public static readonly DiagnosticDescriptor UnsupportedReturn = Error(
        "VFL005",
        "Unsupported return type",
        "Method '{0}' returns '{1}', which the dispatcher cannot handle: {2}. Return T, Task<T>, ValueTask<T>, Task, ValueTask or void.");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "VFL006",
        "Generic Lambda function",
        "Method '{0}' is generic or declared in a generic type; the dispatcher cannot choose type arguments. Use a non-generic method in a non-generic class.");

    public static readonly DiagnosticDescriptor NotPublic = Error(
        "VFL007",
        "Lambda function is not public",
        "{0} '{1}' must be public for the generated dispatcher to call '{2}'. Make it public.");

    public static readonly DiagnosticDescriptor MultipleStartups = Error(
        "VFL008",
        "More than one startup class",
        "[LambdaStartup] is on '{0}' and also on {1}. Keep one startup class per assembly.");

    public static readonly DiagnosticDescriptor InvalidStartup = Error(
        "VFL009",
        "Startup class lacks ConfigureServices",
        "Startup class '{0}' must declare 'public static void ConfigureServices(IServiceCollection services)'. Add it, or remove [LambdaStartup].");

    public static readonly DiagnosticDescriptor MissingSerializer = Error(
        "VFL010",
        "Missing serializer context",
        "Function '{0}' reads or returns JSON but no serializer context is declared. Add [assembly: LambdaSerializer(typeof(YourJsonContext))] (or the attribute on the handler class) naming a partial JsonSerializerContext.");

    public static readonly DiagnosticDescriptor NotASerializerContext = Error(
        "VFL011",
        "Serializer type is not a JsonSerializerContext",
        "'{0}' named by [LambdaSerializer] does not derive from System.Text.Json.Serialization.JsonSerializerContext. Name a partial class deriving from JsonSerializerContext.");

    public static readonly DiagnosticDescriptor TypeNotSerializable = Error(
        "VFL012",
        "Type not registered on the serializer context",
        "Function '{0}' uses '{1}' as its {2}, but it is not reachable from any [JsonSerializable] type on '{3}'. Add [JsonSerializable(typeof({1}))] to '{3}'.");

    public static readonly DiagnosticDescriptor MemorySizeOutOfRange = Error(
        "VFL013",
        "MemorySize out of range",
        "Function '{0}' has MemorySize = {1}; Lambda allows 128 to 10240 MB. Choose a value in that range.");

    public static readonly DiagnosticDescriptor TimeoutOutOfRange = Error(
        "VFL014",
        "Timeout out of range",
        "Function '{0}' has Timeout = {1}; Lambda allows 1 to 900 seconds. Choose a value in that range.");

    public static readonly DiagnosticDescriptor BatchSizeOutOfRange = Error(
        "VFL015",
        "BatchSize out of range",
        "Function '{0}' has [SqsEvent] BatchSize = {1}; this project allows 1 to 10. Choose a value in that range.");

    public static readonly DiagnosticDescriptor MaximumConcurrencyOutOfRange = Error(
        "VFL016",
        "MaximumConcurrency out of range",
        "Function '{0}' has [SqsEvent] MaximumConcurrency = {1}; SQS event sources allow 2 to 1000, or 0 to leave it unset. Choose a value in that range.");

    public static readonly DiagnosticDescriptor HandlerNotConstructible = Error(
        "VFL017",
        "Handler class cannot be constructed",
        "Class '{0}' of instance function '{1}' cannot be built from the DI scope: {2}. Make the method static, or give the class exactly one public constructor whose parameters are services.");

    public static readonly DiagnosticDescriptor SqsEventWithoutFunction = Error(
        "VFL018",
        "[SqsEvent] without [LambdaFunction]",
        "Method '{0}' has [SqsEvent] but no [LambdaFunction], so no function subscribes to the queue. Add [LambdaFunction].");

    public static readonly DiagnosticDescriptor InvalidSqsEvent = Error(
        "VFL019",
        "Invalid [SqsEvent] settings",
        "Function '{0}' has an invalid [SqsEvent]: {1}.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
