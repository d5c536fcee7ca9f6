namespace Vaultflow.Cli.Commands.Send;

/// <summary>One message found in the input, with the 1-based line it starts on.</summary>
internal sealed record SendCandidate(int Line, string Body);

/// <summary>A message that breaks the ingest contract: its line, reason code and the parser's sentence.</summary>
internal sealed record SendProblem(int Line, string Reason, string Message);

/// <summary>What validation found: messages that may be sent and the ones that may not.</summary>
internal sealed record SendPlan(IReadOnlyList<SendCandidate> Valid, IReadOnlyList<SendProblem> Invalid);
