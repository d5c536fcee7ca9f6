namespace Vaultflow.Lambda.Generator.Model;

/// <summary>What the handler method receives for one of its parameters.</summary>
internal enum ParameterKind
{
    Input,
    Context,
    CancellationToken,
}

/// <summary>How the handler method returns, which decides how the dispatcher awaits and serializes it.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>Whether the generated code must dispose the handler instance it built.</summary>
internal enum DisposalKind
{
    None,
    Disposable,
    AsyncDisposable,
}

/// <summary>One annotated method, reduced to the strings and numbers the emitter needs.</summary>
internal sealed record FunctionModel(
    string Name,
    string MethodName,
    string ContainingType,
    bool IsStatic,
    EquatableArray<ParameterKind> Parameters,
    string? InputType,
    bool InputAllowsNull,
    ReturnKind ReturnKind,
    string? OutputType,
    EquatableArray<string> ConstructorParameters,
    DisposalKind Disposal,
    SerializerModel? ClassSerializer,
    int MemorySize,
    int Timeout,
    EquatableArray<string> Policies,
    SqsEventModel? SqsEvent,
    LocationInfo? Location)
{
    public bool IsAsync => ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT or ReturnKind.ValueTask or ReturnKind.ValueTaskOfT;

    public bool HasOutput => OutputType is not null;
}

/// <summary>The <c>[SqsEvent]</c> settings of a function.</summary>
internal sealed record SqsEventModel(
    string Queue,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    int MaximumConcurrency,
    EquatableArray<string> Filters);

/// <summary>A function, or the reasons it cannot be one.</summary>
internal sealed record FunctionResult(FunctionModel? Function, EquatableArray<DiagnosticInfo> Diagnostics);
