namespace Vaultflow.Lambda.Annotations;

/// <summary>
/// Marks a method as a Lambda function. The source generator wires it into the dispatcher and the
/// function manifest; nothing else is needed.
/// <code>
/// [LambdaFunction(Name = "Starter", MemorySize = 256, Timeout = 30)]
/// [SqsEvent("@IngestQueue", BatchSize = 10)]
/// public Task&lt;SqsBatchResponse&gt; StartAsync(SqsEvent batch, ILambdaContext context) ...
/// </code>
/// The method may be static or an instance method (its class is then built from the invocation's DI
/// scope). Parameters, in any order, each optional: the input (deserialized from the payload),
/// <see cref="Context.ILambdaContext"/>, <see cref="CancellationToken"/>. Returns T, Task&lt;T&gt;,
/// ValueTask&lt;T&gt;, Task, ValueTask or void.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LambdaFunctionAttribute : Attribute
{
    /// <summary>The function name (^[A-Za-z0-9_-]{1,64}$); also the <c>_HANDLER</c> value. Defaults to the method name.</summary>
    public string? Name { get; set; }

    /// <summary>Memory in MB (128 to 10240). The generator assumes the same default.</summary>
    public int MemorySize { get; set; } = 256;

    /// <summary>Timeout in seconds (1 to 900). The generator assumes the same default.</summary>
    public int Timeout { get; set; } = 30;

    /// <summary>SAM policy templates or managed policies, e.g. "AWSLambdaBasicExecutionRole".</summary>
    public string[] Policies { get; set; } = [];
}
