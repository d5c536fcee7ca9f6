using System.Text.Json;
using System.Text.Json.Serialization;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// The Step Functions execution input:
/// <c>{"message": {...}, "idempotencyKey", "messageId", "receiveCount", "replayCount", "hops",
/// "startedBy": {"awsRequestId", "functionName"}}</c>. <see cref="Message"/> is written byte for byte
/// as the producer sent it (no re-escaping), which is what keeps the size arithmetic of
/// <see cref="MessageLimits"/> exact. Parse untrusted input with <see cref="WorkflowInputParser"/>.
/// </summary>
public sealed record WorkflowInput
{
    /// <summary>The ingest message object.</summary>
    [JsonConverter(typeof(RawJsonObjectConverter))]
    public required JsonElement Message { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>The SQS message id; null for console input.</summary>
    public string? MessageId { get; init; }

    /// <summary>SQS ApproximateReceiveCount when the Starter started the execution; 0 for console input.</summary>
    public int ReceiveCount { get; init; }

    public int ReplayCount { get; init; }

    public int Hops { get; init; }

    /// <summary>The Starter invocation; null for console input.</summary>
    public StartedBy? StartedBy { get; init; }

    /// <summary>
    /// Builds the input the Starter sends for a parsed message.
    /// </summary>
    public static WorkflowInput Create(IngestMessage message, string messageId, int receiveCount, int replayCount, int hops, StartedBy startedBy)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new WorkflowInput
        {
            Message = message.ParseMessage(),
            IdempotencyKey = message.Key,
            MessageId = messageId,
            ReceiveCount = receiveCount,
            ReplayCount = replayCount,
            Hops = hops,
            StartedBy = startedBy,
        };
    }

    /// <summary>
    /// The camelCase JSON for StartExecution. Throws <c>too-large</c> if it exceeds Step Functions'
    /// 262,144-byte input limit (cannot happen for messages within <see cref="MessageLimits"/>).
    /// </summary>
    public byte[] ToUtf8Json()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, WorkflowJsonContext.Default.WorkflowInput);
        if (json.Length > MessageLimits.StepFunctionsMaxInputBytes)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.TooLarge,
                $"The workflow input is {json.Length} bytes; Step Functions accepts at most {MessageLimits.StepFunctionsMaxInputBytes}. Send a smaller message.");
        }

        return json;
    }
}

/// <summary>The Lambda invocation that started the execution.</summary>
public sealed record StartedBy(string AwsRequestId, string FunctionName)
{
    /// <summary>Lambda function names are at most 64 characters; 170 leaves room for a qualified ARN.</summary>
    public const int MaxFunctionNameLength = 170;

    public const int MaxRequestIdLength = 128;
}
