using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Ports;

namespace Vaultflow.Aws.Sqs;

/// <summary>
/// <see cref="IDeadLetterQueue"/> over SQS SendMessage. Throttling, 5xx and transport failures become
/// <see cref="TransientException"/> (retried by the state machine; the Starter leaves the record on the
/// queue). Other service errors become <see cref="DeadLetterRefusedException"/>: <see cref="DeadLetterRefusal.Content"/>
/// when this message was refused (characters, size, attributes: a reduced form may pass),
/// <see cref="DeadLetterRefusal.Queue"/> when any message would be (access, missing queue, KMS key), sorted by
/// <see cref="SqsSendErrorClassifier"/>.
/// </summary>
public sealed class SqsDeadLetterQueue : IDeadLetterQueue
{
    private const int MaxServiceMessageLength = 300;

    private readonly IAmazonSQS _client;

    public SqsDeadLetterQueue(IAmazonSQS client, string queueUrl)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        _client = client;
        QueueUrl = queueUrl;
    }

    public string QueueUrl { get; }

    public async Task<string> SendAsync(DeadLetterMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = new SendMessageRequest
        {
            QueueUrl = QueueUrl,
            MessageBody = message.Body,
            MessageAttributes = message.Attributes.ToDictionary(
                a => a.Key,
                a => new MessageAttributeValue
                {
                    DataType = a.Value.DataType,
                    StringValue = a.Value.StringValue,
                    BinaryValue = a.Value.BinaryValue is null ? null : new MemoryStream(a.Value.BinaryValue),
                },
                StringComparer.Ordinal),
        };
        try
        {
            var response = await _client.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
            return response.MessageId;
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0)
        {
            var status = (int)ex.StatusCode;
            var kind = SqsSendErrorClassifier.Classify(ex.ErrorCode, status);
            if (kind == SqsSendErrorKind.Transient)
            {
                throw new TransientException(
                    $"SQS SendMessage to the DLQ {QueueUrl} failed with {ex.ErrorCode} (HTTP {status}). This is retryable; if it persists, check the queue's health and the account's SQS quotas.",
                    ex);
            }

            var code = SqsSendErrorClassifier.Normalize(ex.ErrorCode) is { Length: > 0 } known ? known : $"HTTP-{status}";
            throw new DeadLetterRefusedException(
                SqsSendErrorClassifier.ToRefusal(kind),
                code,
                $"SQS SendMessage to the DLQ {QueueUrl} was refused with {code} (HTTP {status}: {Bounded(ex.Message)}). {SqsSendErrorClassifier.Advice(ex.ErrorCode, QueueUrl)}",
                ex);
        }
        catch (Exception ex) when (IsTransport(ex, cancellationToken))
        {
            throw new TransientException(
                $"SQS SendMessage to the DLQ {QueueUrl} got no answer ({ex.GetType().Name}). This is retryable; if it persists, check the SQS endpoint (AWS_ENDPOINT_URL_SQS, or a VPC endpoint for a Lambda in a VPC).",
                ex);
        }
    }

    /// <summary>The service's own sentence, bounded (SQS never echoes the body in it).</summary>
    private static string Bounded(string? text) => text switch
    {
        null or "" => "no message",
        { Length: > MaxServiceMessageLength } => string.Concat(text.AsSpan(0, MaxServiceMessageLength), "..."),
        _ => text.TrimEnd('.'),
    };

    private static bool IsTransport(Exception error, CancellationToken callerToken) => error switch
    {
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AmazonServiceException { StatusCode: 0 } service => service.InnerException is not null && IsTransport(service.InnerException, callerToken),
        AmazonClientException client => client.InnerException is not null && IsTransport(client.InnerException, callerToken),
        _ => false,
    };
}
