using System.Text;
using Vaultflow.Cli.Commands.Send;

namespace Vaultflow.Cli.Tests.Commands;

public sealed class SendInputReaderTests
{
    private const string Good = """{"type":"order.created","data":{}}""";

    private static SendPlan Read(string text) => SendInputReader.Read(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Read_JsonLinesWithMalformedLines_ReportsEachWithItsLineNumber()
    {
        var plan = Read($"{Good}\n\n{{\"type\":\"x\"\n{Good}\r\n[1]\n");

        Assert.Equal([1, 4], plan.Valid.Select(v => v.Line).ToArray());
        Assert.Equal([(3, "truncated-json"), (5, "not-an-object")], plan.Invalid.Select(p => (p.Line, p.Reason)).ToArray());
    }

    [Fact]
    public void Read_JsonArray_SplitsElementsWithTheLineEachStartsOn()
    {
        var plan = Read($"[\n  {Good},\n\n  {{\"type\":\"a\",\"data\":1}},\n  {Good}\n]");

        Assert.Equal([2, 5], plan.Valid.Select(v => v.Line).ToArray());
        var problem = Assert.Single(plan.Invalid);
        Assert.Equal((4, "data-not-object"), (problem.Line, problem.Reason));
    }

    [Fact]
    public void Read_PrettyPrintedSingleObject_IsOneMessage()
    {
        var plan = Read("\n{\n  \"type\": \"order.created\",\n  \"data\": {\"a\": 1}\n}\n");

        var message = Assert.Single(plan.Valid);
        Assert.Equal(2, message.Line);
        Assert.Empty(plan.Invalid);
    }

    [Fact]
    public void Read_EmptyInput_IsOneEmptyBodyProblem()
    {
        var plan = Read("  \n");

        Assert.Equal("empty-body", Assert.Single(plan.Invalid).Reason);
    }

    [Fact]
    public void Read_DuplicatePropertyInArrayElement_IsRefusedNotMerged()
    {
        var plan = Read("""[{"type":"a","type":"b","data":{}}]""");

        Assert.Equal("duplicate-property", Assert.Single(plan.Invalid).Reason);
    }

    [Fact]
    public void Expand_TemplatePlaceholders_NumberAndFreshGuidEach()
    {
        var guids = new Queue<Guid>([Guid.Parse("00000000-0000-0000-0000-000000000001"), Guid.Parse("00000000-0000-0000-0000-000000000002")]);

        var text = MessageTemplate.Expand("""{"n":{{n}},"a":"{{uuid}}","b":"{{uuid}}"}""", 7, guids.Dequeue);

        Assert.Equal("""{"n":7,"a":"00000000-0000-0000-0000-000000000001","b":"00000000-0000-0000-0000-000000000002"}""", text);
    }

    [Fact]
    public void Generate_Count_NumbersCandidatesFromOne()
    {
        var generated = MessageTemplate.Generate("""{"type":"t","key":"k-{{n}}","data":{}}""", 3);

        Assert.Equal([1, 2, 3], generated.Select(g => g.Line).ToArray());
        Assert.Equal("""{"type":"t","key":"k-3","data":{}}""", generated[2].Body);
    }

    [Theory]
    [InlineData("order-42", 1, 1, "order-42")]
    [InlineData("order", 2, 3, "order-2")]
    [InlineData("o-{{n}}-x", 2, 3, "o-2-x")]
    public void KeyFor_PositionAndTotal_DistinctKeys(string key, int position, int total, string expected) =>
        Assert.Equal(expected, KeyOverride.KeyFor(key, position, total));

    [Fact]
    public void Apply_ReplacesExistingKeyAndKeepsTheRest()
    {
        var body = KeyOverride.Apply("""{"type":"t","key":"old","data":{"n":1.5,"s":"é"}}""", "new");

        Assert.Equal("""{"type":"t","key":"new","data":{"n":1.5,"s":"é"}}""", body);
    }

    [Fact]
    public void Batches_ElevenSmallMessages_TenThenOne()
    {
        var candidates = Enumerable.Range(1, 11).Select(i => new SendCandidate(i, Good)).ToList();

        Assert.Equal([10, 1], BatchSender.Batches(candidates).Select(b => b.Count).ToArray());
    }

    [Fact]
    public void Batches_LargeBodies_SplitBeforeTheBatchByteLimit()
    {
        var big = new string('x', 100_000);
        var candidates = Enumerable.Range(1, 5).Select(i => new SendCandidate(i, big)).ToList();

        Assert.Equal([2, 2, 1], BatchSender.Batches(candidates).Select(b => b.Count).ToArray());
    }
}
