using Vaultflow.Lambda.Annotations;

namespace Vaultflow.Lambda.GeneratedSample;

public sealed record AddRequest(int A, int B);

/// <summary>Static functions: no class instance, no scope.</summary>
public static class MathFunctions
{
    [LambdaFunction(Name = "Add", MemorySize = 128, Timeout = 5)]
    public static int Add(AddRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return checked(request.A + request.B);
    }

    /// <summary>No input, no output: the response is empty.</summary>
    [LambdaFunction(Name = "Ping")]
    public static void Ping()
    {
    }
}
