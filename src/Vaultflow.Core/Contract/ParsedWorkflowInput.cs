namespace Vaultflow.Core.Contract;

/// <summary>A validated workflow input: the normalised input and the message it carries.</summary>
/// <param name="Input">Input with every field filled in (console defaults applied).</param>
/// <param name="Message">The message, validated against the ingest contract.</param>
/// <param name="IsConsoleInput">True when the input had no idempotencyKey (hand-written in the console).</param>
public sealed record ParsedWorkflowInput(WorkflowInput Input, IngestMessage Message, bool IsConsoleInput);
