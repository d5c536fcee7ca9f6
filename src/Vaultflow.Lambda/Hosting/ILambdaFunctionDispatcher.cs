using Vaultflow.Lambda.Context;

namespace Vaultflow.Lambda.Hosting;

/// <summary>
/// Routes one invocation to one annotated function: deserialize the payload with a source-generated
/// JsonSerializerContext, call the method, serialize the result. The source generator emits the
/// implementation; the Runtime API loop and the local Invoke endpoint both call it, so local and
/// cloud run one code path.
/// </summary>
public interface ILambdaFunctionDispatcher
{
    /// <summary>Every function this binary serves, as declared by the attributes.</summary>
    IReadOnlyList<LambdaFunctionDescriptor> Functions { get; }

    /// <summary>Invokes <paramref name="functionName"/> (a name from <see cref="Functions"/>) with a JSON payload; returns the JSON response.</summary>
    /// <exception cref="UnknownFunctionException">No function has that name.</exception>
    Task<byte[]> InvokeAsync(string functionName, ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken);
}

/// <summary>A function's declared shape: the manifest entry the template is synced from.</summary>
/// <param name="Name">The function name (also the <c>_HANDLER</c> value and the template's Handler).</param>
/// <param name="MemorySize">MB.</param>
/// <param name="Timeout">Seconds.</param>
/// <param name="Policies">SAM policy templates or managed policy names.</param>
/// <param name="SqsEvent">The SQS event source, when the function has one.</param>
public sealed record LambdaFunctionDescriptor(
    string Name,
    int MemorySize,
    int Timeout,
    IReadOnlyList<string> Policies,
    SqsEventDescriptor? SqsEvent);

/// <summary>An SQS event source as declared by <c>[SqsEvent]</c>.</summary>
public sealed record SqsEventDescriptor(
    string Queue,
    int BatchSize,
    int MaximumBatchingWindowInSeconds,
    int MaximumConcurrency,
    IReadOnlyList<string> FilterPatterns);

/// <summary>Raised when a payload names a function the binary does not serve.</summary>
public sealed class UnknownFunctionException : Exception
{
    public UnknownFunctionException(string functionName, IEnumerable<string> known)
        : base($"No function named '{functionName}' in this binary. Known functions: {string.Join(", ", known)}. Check _HANDLER or the function name you invoked.")
    {
        FunctionName = functionName;
    }

    public string FunctionName { get; }
}
