using Vaultflow.Lambda.Tests.Process;

namespace Vaultflow.Bench.ColdStart;

/// <summary>
/// What one row measures: a bootstrap built both ways, the function it runs, the event for the
/// cold-start timing (the reply it must get and a piece of its body), and the 10-record SQS batch for the peak RSS
/// (null: not measured for this row).
/// </summary>
internal sealed record Scenario(
    string Key,
    string Description,
    Variant Aot,
    Variant Jit,
    string Handler,
    string FirstEvent,
    RuntimeApiReplyKind FirstReply,
    string FirstReplyContains,
    string? BatchHandler,
    string? Batch);
