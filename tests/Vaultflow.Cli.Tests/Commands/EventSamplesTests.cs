using System.Text;
using System.Text.Json;
using Vaultflow.Cli.Commands.Send;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;
using Vaultflow.Lambda.Events;

namespace Vaultflow.Cli.Tests.Commands;

/// <summary>The samples in events/ against the real parser, so they cannot rot.</summary>
public sealed class EventSamplesTests
{
    private static readonly string Events = FindEvents();

    public static TheoryData<string> PoisonFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Events, "poison")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PoisonFiles))]
    public void Parse_PoisonSample_FailsWithTheReasonItsNameStartsWith(string file)
    {
        var expected = file[..file.IndexOf('.', StringComparison.Ordinal)];
        var body = File.ReadAllBytes(Path.Combine(Events, "poison", file));

        var ex = Assert.Throws<InvalidMessageException>(() => IngestMessageParser.Parse(body, "sample-message-id"));

        Assert.Equal(expected, ex.Reason);
        Assert.NotNull(InvalidMessageReasons.Find(expected));
    }

    [Fact]
    public void PoisonSamples_CoverAtLeastFifteenReasonCodes()
    {
        var reasons = Directory.GetFiles(Path.Combine(Events, "poison")).Select(f => Path.GetFileName(f).Split('.')[0]).Distinct().Count();

        Assert.True(reasons >= 15, $"only {reasons} poison kinds");
    }

    [Theory]
    [InlineData("good/messages.jsonl", 5)]
    [InlineData("duplicates/exact.jsonl", 2)]
    [InlineData("duplicates/producer-keyed.jsonl", 2)]
    public void Read_GoodSamples_AllValid(string file, int count)
    {
        var plan = SendInputReader.Read(File.ReadAllBytes(Path.Combine(Events, file)));

        Assert.Empty(plan.Invalid);
        Assert.Equal(count, plan.Valid.Count);
    }

    [Fact]
    public void Duplicates_ExactAreIdenticalAndProducerKeyedShareOnlyTheKey()
    {
        var exact = File.ReadAllLines(Path.Combine(Events, "duplicates", "exact.jsonl"));
        var keyed = File.ReadAllLines(Path.Combine(Events, "duplicates", "producer-keyed.jsonl")).Select(l => IngestMessageParser.Parse(l, "m")).ToList();

        Assert.Equal(exact[0], exact[1]);
        Assert.Equal(keyed[0].Key, keyed[1].Key);
        Assert.NotEqual(Encoding.UTF8.GetString(keyed[0].Data.Span), Encoding.UTF8.GetString(keyed[1].Data.Span));
    }

    [Fact]
    public void Console_Samples_AreConsoleWorkflowInput()
    {
        var files = Directory.GetFiles(Path.Combine(Events, "console"), "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var parsed = WorkflowInputParser.Parse(File.ReadAllBytes(file));
            Assert.True(parsed.IsConsoleInput, file);
        }
    }

    [Fact]
    public void SqsBatchEvent_DeserializesAndEveryBodyAndGuardStateIsValid()
    {
        var batch = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(Events, "sqs", "batch-event.json")), SqsEventsJsonContext.Default.SqsEvent)!;

        Assert.Equal(3, batch.Records.Count);
        var guard = new RecursionGuard();
        foreach (var record in batch.Records)
        {
            _ = IngestMessageParser.Parse(record.Body, record.MessageId);
            var attributes = record.MessageAttributes.Where(a => a.Value.StringValue is not null).ToDictionary(a => a.Key, a => a.Value.StringValue!);
            Assert.True(guard.Evaluate(attributes).IsAllowed);
            Assert.Equal(1, record.ApproximateReceiveCount);
        }

        Assert.Equal("1", batch.Records[2].MessageAttributes["vf-replay-count"].StringValue);
    }

    [Fact]
    public void DlqSample_HasTheVaultflowAttributesAndAValidBody()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Events, "dlq", "message.json")));
        var attributes = doc.RootElement.GetProperty("MessageAttributes");

        foreach (var name in MessageAttributeNames.All)
        {
            Assert.True(attributes.TryGetProperty(name, out _), name);
        }

        _ = IngestMessageParser.Parse(doc.RootElement.GetProperty("Body").GetString()!, "m");
        Assert.True(attributes.EnumerateObject().Count() <= MessageAttributeLimit.MaxAttributes);
    }

    [Fact]
    public void DlqSampleAtReplayLimit_ValidBodyAndTheGuardRefusesItsNextReplay()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Events, "dlq", "at-replay-limit.json")));
        var attributes = doc.RootElement.GetProperty("MessageAttributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("StringValue").GetString()!, StringComparer.Ordinal);
        var guard = new RecursionGuard();

        _ = IngestMessageParser.Parse(doc.RootElement.GetProperty("Body").GetString()!, "m");
        var parked = guard.Evaluate(attributes);
        Assert.True(parked.IsAllowed);
        Assert.Equal(RecursionGuardOptions.Default.MaxReplays, parked.State!.ReplayCount);
        var next = guard.Evaluate(parked.State.NextHop("m", isReplay: true));
        Assert.False(next.IsAllowed);
        Assert.Equal(InvalidMessageReasons.RecursionGuard, next.Reason);
    }

    [Fact]
    public void Template_ExpandsToValidMessages()
    {
        var template = File.ReadAllText(Path.Combine(Events, "templates", "order.json"));

        foreach (var candidate in MessageTemplate.Generate(template, 3))
        {
            Assert.Null(SendInputReader.Validate(Encoding.UTF8.GetBytes(candidate.Body)));
        }
    }

    private static string FindEvents()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vaultflow.slnx")))
            {
                return Path.Combine(dir.FullName, "events");
            }
        }

        throw new InvalidOperationException("Vaultflow.slnx not found above the test binaries.");
    }
}
