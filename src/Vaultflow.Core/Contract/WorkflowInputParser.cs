using System.Runtime.InteropServices;
using System.Text.Json;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Contract;

/// <summary>
/// Parses the execution input each workflow step receives, with the same strictness as the ingest
/// parser. Only <c>message</c> is required: for console input (no <c>idempotencyKey</c>) the key is the
/// message's own <c>key</c> if it has one, else its content hash, and counts default to 0. So a console
/// run of a message that already went through SQS with a producer key dedupes against it.
/// </summary>
public static class WorkflowInputParser
{
    public static ParsedWorkflowInput Parse(ReadOnlySpan<byte> utf8Json, MessageLimits? limits = null)
    {
        limits ??= MessageLimits.Default;
        limits.Validate();
        if (utf8Json.Length > MessageLimits.StepFunctionsMaxInputBytes)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.TooLarge,
                $"The workflow input is {utf8Json.Length} bytes; Step Functions accepts at most {MessageLimits.StepFunctionsMaxInputBytes}. Paste a smaller message.");
        }

        // The envelope adds one level above the message.
        StrictJsonValidator.Validate(utf8Json, limits.MaxDepth + 1, "workflow input");
        using var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = limits.MaxDepth + 3 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.NotAnObject,
                $"The workflow input is a JSON {IngestMessageParser.Kind(root.ValueKind)}; it must be an object such as {{\"message\": {{\"type\": \"order.created\", \"data\": {{}}}}}}.");
        }

        JsonElement? message = null;
        string? idempotencyKey = null;
        string? messageId = null;
        StartedBy? startedBy = null;
        int receiveCount = 0, replayCount = 0, hops = 0;
        foreach (var property in root.EnumerateObject())
        {
            var where = IngestMessageParser.Child("$", property.Name);
            var value = property.Value;
            switch (property.Name)
            {
                case "message":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidMessageException(
                            InvalidMessageReasons.WrongType,
                            $"The field {where} is a JSON {IngestMessageParser.Kind(value.ValueKind)}; it must be the message object, e.g. \"message\": {{\"type\": \"order.created\", \"data\": {{}}}}.");
                    }

                    message = value;
                    break;
                case "idempotencyKey":
                    idempotencyKey = OptionalKey(value, where);
                    break;
                case "messageId":
                    messageId = OptionalKey(value, where);
                    break;
                case "receiveCount":
                    receiveCount = Count(value, where);
                    break;
                case "replayCount":
                    replayCount = Count(value, where);
                    break;
                case "hops":
                    hops = Count(value, where);
                    break;
                case "startedBy":
                    startedBy = ReadStartedBy(value, where);
                    break;
                default:
                    var hint = property.Name is "type" or "key" or "data" or "search"
                        ? " It looks like the message itself was pasted: wrap it as {\"message\": {...}}."
                        : " Remove it.";
                    throw new InvalidMessageException(
                        InvalidMessageReasons.UnknownField,
                        $"The field {where} is not part of the workflow input (allowed: message, idempotencyKey, messageId, receiveCount, replayCount, hops, startedBy).{hint}");
            }
        }

        if (message is null)
        {
            throw IngestMessageParser.Missing("$.message", "the message object: {\"message\": {\"type\": \"...\", \"data\": {...}}}");
        }

        var raw = JsonMarshal.GetRawUtf8Value(message.Value);
        if (raw.Length > limits.MaxBodyBytes)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.TooLarge,
                $"The message at $.message is {raw.Length} bytes; the limit is {limits.MaxBodyBytes}. Send a smaller message.");
        }

        var parsed = IngestMessageParser.FromElement(message.Value, messageId, limits, "$.message");
        var input = new WorkflowInput
        {
            Message = message.Value.Clone(),
            IdempotencyKey = idempotencyKey ?? parsed.Key,
            MessageId = messageId,
            ReceiveCount = receiveCount,
            ReplayCount = replayCount,
            Hops = hops,
            StartedBy = startedBy,
        };
        return new ParsedWorkflowInput(input, parsed, IsConsoleInput: idempotencyKey is null);
    }

    private static string? OptionalKey(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = IngestMessageParser.RequireString(value, where);
        TextRules.CheckKey(text, where);
        return text;
    }

    private static int Count(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.WrongType,
                $"The field {where} is a JSON {IngestMessageParser.Kind(value.ValueKind)}; it must be a whole number such as 0.");
        }

        if (!value.TryGetInt32(out var count) || count < 0)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidCount,
                $"The field {where} must be a whole number from 0 to 2147483647. Use 0 or leave it out.");
        }

        return count;
    }

    private static StartedBy? ReadStartedBy(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.WrongType,
                $"The field {where} is a JSON {IngestMessageParser.Kind(value.ValueKind)}; it must be an object {{\"awsRequestId\": \"...\", \"functionName\": \"...\"}} or be left out.");
        }

        string? requestId = null;
        string? functionName = null;
        foreach (var property in value.EnumerateObject())
        {
            var fieldWhere = IngestMessageParser.Child(where, property.Name);
            switch (property.Name)
            {
                case "awsRequestId":
                    requestId = BoundedText(property.Value, fieldWhere, StartedBy.MaxRequestIdLength);
                    break;
                case "functionName":
                    functionName = BoundedText(property.Value, fieldWhere, StartedBy.MaxFunctionNameLength);
                    break;
                default:
                    throw new InvalidMessageException(
                        InvalidMessageReasons.UnknownField,
                        $"The field {fieldWhere} is not known (allowed: awsRequestId, functionName). Remove it.");
            }
        }

        return new StartedBy(
            requestId ?? throw IngestMessageParser.Missing(where + ".awsRequestId", "the starter's AWS request id"),
            functionName ?? throw IngestMessageParser.Missing(where + ".functionName", "the starter's function name"));
    }

    private static string BoundedText(JsonElement value, string where, int maxLength)
    {
        var text = IngestMessageParser.RequireString(value, where);
        if (text.Length > maxLength)
        {
            throw new InvalidMessageException(
                InvalidMessageReasons.InvalidField,
                $"The field {where} is {text.Length} characters long; at most {maxLength} are allowed.");
        }

        TextRules.CheckKey(text, where, InvalidMessageReasons.InvalidField);
        return text;
    }
}
