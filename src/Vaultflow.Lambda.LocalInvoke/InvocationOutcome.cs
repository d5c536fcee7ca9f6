using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.Lambda.LocalInvoke;

/// <summary>One run of a function: its JSON response, or the error Lambda would report.</summary>
internal sealed record InvocationOutcome(string RequestId, byte[]? Response, LambdaErrorPayload? Error);
