namespace Vaultflow.Lambda.Logging;

/// <summary>The scope state the runtime pushes around an invocation; written as the top-level "requestId".</summary>
public sealed record LambdaRequestScope(string RequestId)
{
    public override string ToString() => $"requestId:{RequestId}";
}
