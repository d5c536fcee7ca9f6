namespace Vaultflow.Cli.Commands.Demo;

/// <summary>How a sample reaches the workflow.</summary>
internal enum DemoChannel
{
    /// <summary>SendMessage to the ingest queue.</summary>
    Queue,

    /// <summary>StartExecution with console-style input <c>{"message": ...}</c>.</summary>
    Console,

    /// <summary>SendMessage straight to the DLQ with <see cref="DemoSample.Attributes"/>, as RouteFailure parks a message.</summary>
    DeadLetterQueue,
}

/// <summary>What the sample should end as.</summary>
internal enum DemoExpectation
{
    /// <summary>A row in records (for a duplicate group: exactly one of the group persists).</summary>
    Persisted,

    /// <summary>The same key as an earlier message of its group: no second row.</summary>
    DuplicateGroup,

    /// <summary>Parked in the DLQ with <see cref="DemoSample.ExpectedReason"/>.</summary>
    DeadLetter,
}

/// <summary>
/// One message the demo sends. <see cref="Key"/> is the producer key after the demo's run suffix (null:
/// the SQS message id becomes the key); <see cref="Group"/> ties duplicates together; <see cref="Attributes"/>
/// are the vf-* attributes of a message parked in the DLQ directly (<see cref="DemoChannel.DeadLetterQueue"/>).
/// </summary>
internal sealed record DemoSample(string Source, DemoChannel Channel, string Body, DemoExpectation Expected, string? Key, string? Group, string? ExpectedReason, IReadOnlyDictionary<string, string>? Attributes = null);
