using Vaultflow.Lambda.Context;

namespace Vaultflow.Lambda.Client;

/// <summary>What <c>/invocation/next</c> returned: the event payload and its headers.</summary>
internal sealed record NextInvocation(LambdaInvocation Invocation, byte[] Payload);
