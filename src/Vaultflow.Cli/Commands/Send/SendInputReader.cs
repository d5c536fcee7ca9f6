using System.Text;
using System.Text.Json;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Commands.Send;

/// <summary>
/// Splits send input into messages and validates each with <see cref="IngestMessageParser"/> before
/// anything is sent. Accepted shapes: one JSON object (possibly pretty-printed), a JSON array of
/// messages, or JSON lines (one message per non-blank line). Every message keeps the line it starts on.
/// </summary>
internal static class SendInputReader
{
    /// <summary>Used as the SQS message id while validating: the real one is known only after sending.</summary>
    private const string ValidationMessageId = "vaultflow-send-validation";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Splits and validates. Never throws for bad content: every problem is in <see cref="SendPlan.Invalid"/>.</summary>
    public static SendPlan Read(ReadOnlySpan<byte> input)
    {
        var pieces = Split(input);
        var valid = new List<SendCandidate>();
        var invalid = new List<SendProblem>();
        foreach (var (line, bytes) in pieces)
        {
            if (Validate(bytes) is { } problem)
            {
                invalid.Add(new SendProblem(line, problem.Reason, problem.Message));
            }
            else
            {
                valid.Add(new SendCandidate(line, StrictUtf8.GetString(bytes)));
            }
        }

        return new SendPlan(valid, invalid);
    }

    /// <summary>Validates one body; null when it passes the contract.</summary>
    public static InvalidMessageException? Validate(ReadOnlySpan<byte> body)
    {
        try
        {
            _ = IngestMessageParser.Parse(body, ValidationMessageId);
            return null;
        }
        catch (InvalidMessageException ex)
        {
            return ex;
        }
    }

    /// <summary>The raw pieces with their starting line numbers.</summary>
    internal static List<(int Line, byte[] Bytes)> Split(ReadOnlySpan<byte> input)
    {
        var first = input.IndexOfAnyExcept(" \t\r\n"u8);
        if (first < 0)
        {
            return [(1, [])];
        }

        if (input[first] == (byte)'[' && TrySplitArray(input, out var elements))
        {
            return elements;
        }

        if (input[first] == (byte)'{' && IsSingleJsonValue(input))
        {
            return [(LineAt(input, first), input.Trim(" \t\r\n"u8).ToArray())];
        }

        return SplitLines(input);
    }

    private static List<(int, byte[])> SplitLines(ReadOnlySpan<byte> input)
    {
        var result = new List<(int, byte[])>();
        var line = 1;
        while (true)
        {
            var newline = input.IndexOf((byte)'\n');
            var current = newline < 0 ? input : input[..newline];
            current = current.TrimEnd((byte)'\r');
            if (current.IndexOfAnyExcept(" \t"u8) >= 0)
            {
                result.Add((line, current.ToArray()));
            }

            if (newline < 0)
            {
                return result;
            }

            input = input[(newline + 1)..];
            line++;
        }
    }

    /// <summary>Each top-level element of a JSON array; false when the input is not one well-formed array.</summary>
    private static bool TrySplitArray(ReadOnlySpan<byte> input, out List<(int, byte[])> elements)
    {
        elements = [];
        var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                elements.Add((LineAt(input, start), input[start..end].ToArray()));
            }

            // Anything after the closing bracket makes it something other than one array.
            return reader.TokenType == JsonTokenType.EndArray && !reader.Read();
        }
        catch (JsonException)
        {
            // Not a well-formed array: the error is reported per line instead.
            elements = [];
            return false;
        }
    }

    private static bool IsSingleJsonValue(ReadOnlySpan<byte> input)
    {
        var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int LineAt(ReadOnlySpan<byte> input, int offset) => input[..offset].Count((byte)'\n') + 1;
}
