using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Core.Workflow.Starter;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// Unit level: every corpus kind through the contract parser, the workflow-input parser and the real
/// Starter logic (StarterService over in-memory ports). No network, no database.
/// </summary>
public sealed class CorpusParserTests
{
    private const string MessageId = "0b4f8c7e-5d1a-4c1e-9f00-corpus000001";

    public static TheoryData<string> BodyKinds() => CorpusIndex.Kinds(CorpusIndex.SqsBody);

    /// <summary>SQS kinds whose body is text (invalid UTF-8 cannot be an SQS event's body string; the byte-level test covers it).</summary>
    public static TheoryData<string> SqsKinds() =>
        CorpusIndex.Kinds(null, e => e.Enters != CorpusIndex.ConsoleInput && e.BodyText() is not null);

    public static TheoryData<string> ConsoleKinds() => CorpusIndex.Kinds(CorpusIndex.ConsoleInput);

    [Fact]
    public void Index_HasAtLeastThirtyUniqueKindsWithExistingFilesAndKnownReasons()
    {
        var entries = CorpusIndex.Entries;

        Assert.True(entries.Count >= 30, $"only {entries.Count} kinds");
        Assert.Equal(entries.Count, entries.Select(e => e.Kind).Distinct(StringComparer.Ordinal).Count());
        Assert.All(entries, e =>
        {
            Assert.Contains(e.Enters, new[] { CorpusIndex.SqsBody, CorpusIndex.SqsAttributes, CorpusIndex.ConsoleInput });
            Assert.Contains(e.Expect, new[] { CorpusIndex.DeadLetter, CorpusIndex.PersistIntact, CorpusIndex.Start });
            Assert.True(e.File is not null || e.Generate is not null, $"{e.Kind}: neither file nor generate");
            Assert.True(e.File is null || File.Exists(Support.RepoRoot.Combine(e.File)), $"{e.Kind}: {e.File} is missing");
            if (e.Expect == CorpusIndex.DeadLetter)
            {
                Assert.True(InvalidMessageReasons.Find(e.Reason!) is not null, $"{e.Kind}: unknown reason {e.Reason}");
                Assert.False(string.IsNullOrWhiteSpace(e.Phrase), $"{e.Kind}: no phrase");
            }
            else
            {
                Assert.Null(e.Reason);
            }
        });
    }

    [Fact]
    public void Index_CoversEveryReasonTheStarterAndDedupeCanGive()
    {
        var covered = CorpusIndex.Entries.Where(e => e.Reason is not null).Select(e => e.Reason!).ToHashSet(StringComparer.Ordinal);

        // too-many-attributes is raised only when Vaultflow re-sends a message (replay), never on ingest:
        // the Starter parks an over-full message with Vaultflow's attributes only (a corpus kind checks that).
        var missing = InvalidMessageReasons.All.Select(r => r.Code)
            .Where(c => c != InvalidMessageReasons.TooManyAttributes && !covered.Contains(c))
            .ToList();

        Assert.True(missing.Count == 0, "reasons without a corpus kind: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(BodyKinds))]
    public void Parse_CorpusBody_GivesTheIndexedReasonAndSentence(string kind)
    {
        var entry = CorpusIndex.Get(kind);
        var body = entry.Bytes();

        if (entry.Expect != CorpusIndex.DeadLetter)
        {
            var message = IngestMessageParser.Parse(body, MessageId);
            Assert.Equal(body, message.Utf8Json.ToArray());
            return;
        }

        var error = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(body, MessageId));
        Assert.Equal(entry.Reason, error.Reason);
        Assert.Contains(entry.Phrase!, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        if (entry.BodyText() is { } text)
        {
            // The string path (what the Starter sees in the SQS event) agrees with the byte path.
            var fromString = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(text, MessageId));
            Assert.Equal(entry.Reason, fromString.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(SqsKinds))]
    public async Task StarterService_CorpusRecordBetweenGoodOnes_ParksOnlyItWithReasonAndDetail(string kind)
    {
        var entry = CorpusIndex.Get(kind);
        var body = entry.BodyText()!;
        var executions = new InMemoryExecutions();
        var deadLetters = new InMemoryDeadLetters();
        var starter = new StarterService(executions, deadLetters, new StarterOptions(), NullLogger<StarterService>.Instance);
        var batch = new StarterBatch(
            [Good("good-a"), new StarterRecord("bad-" + kind, body, 1, entry.Attributes()), Good("good-b")],
            IsFifo: false,
            new StartedBy("req-corpus", "vaultflow-Starter"));

        var result = await starter.ProcessAsync(batch, CancellationToken.None);

        Assert.Empty(result.FailedMessageIds);
        Assert.Contains(ExecutionName.For("good-a", 0), executions.Started.Keys);
        Assert.Contains(ExecutionName.For("good-b", 0), executions.Started.Keys);
        if (entry.Expect == CorpusIndex.DeadLetter)
        {
            Assert.Equal(2, executions.Started.Count);
            var parked = Assert.Single(deadLetters.Parked);
            Assert.Equal(body, CorpusHandlerTests.SentBody(parked.Body, body));
            Assert.Equal(entry.Reason, parked.Attributes[MessageAttributeNames.Failure].StringValue);
            Assert.Contains(entry.Phrase!, parked.Attributes[MessageAttributeNames.FailureDetail].StringValue, StringComparison.Ordinal);
            Assert.True(parked.Attributes.Count <= MessageAttributeLimit.MaxAttributes);
        }
        else
        {
            Assert.Equal(3, executions.Started.Count);
            Assert.Empty(deadLetters.Parked);
        }
    }

    [Theory]
    [MemberData(nameof(ConsoleKinds))]
    public void WorkflowInputParser_CorpusConsoleInput_GivesTheIndexedReasonAndSentence(string kind)
    {
        var entry = CorpusIndex.Get(kind);
        var input = entry.Bytes();

        if (entry.Expect != CorpusIndex.DeadLetter)
        {
            var parsed = WorkflowInputParser.Parse(input);
            Assert.True(parsed.IsConsoleInput);
            return;
        }

        var error = Assert.Throws<InvalidMessageException>(() => WorkflowInputParser.Parse(input));
        Assert.Equal(entry.Reason, error.Reason);
        Assert.Contains(entry.Phrase!, error.Message, StringComparison.Ordinal);
    }

    private static StarterRecord Good(string key) => new(
        Guid.NewGuid().ToString(),
        "{\"type\":\"order.created\",\"key\":\"" + key + "\",\"data\":{\"n\":1}}",
        1,
        new Dictionary<string, Vaultflow.Core.Workflow.Ports.QueueAttribute>());
}
