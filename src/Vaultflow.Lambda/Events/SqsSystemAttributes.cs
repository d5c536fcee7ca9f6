namespace Vaultflow.Lambda.Events;

/// <summary>Keys of <see cref="SqsMessage.Attributes"/> as Lambda delivers them (PascalCase).</summary>
public static class SqsSystemAttributes
{
    public const string ApproximateReceiveCount = "ApproximateReceiveCount";
    public const string SentTimestamp = "SentTimestamp";
    public const string SenderId = "SenderId";
    public const string ApproximateFirstReceiveTimestamp = "ApproximateFirstReceiveTimestamp";
    public const string MessageGroupId = "MessageGroupId";
    public const string MessageDeduplicationId = "MessageDeduplicationId";
    public const string SequenceNumber = "SequenceNumber";
    public const string AwsTraceHeader = "AWSTraceHeader";
    public const string DeadLetterQueueSourceArn = "DeadLetterQueueSourceArn";
}
