using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Routing;

namespace Vaultflow.Core.Tests.Routing;

public class MessageAttributeLimitTests
{
    private static IEnumerable<string> Producer(int count) => Enumerable.Range(0, count).Select(i => $"attr-{i}");

    [Fact]
    public void Merge_FiveProducerPlusFiveOurs_Allowed()
    {
        var names = MessageAttributeLimit.Merge(Producer(5), MessageAttributeNames.All);

        Assert.Equal(10, names.Count);
    }

    [Fact]
    public void Merge_SixProducerPlusFiveOurs_TooManyAttributes()
    {
        var ex = Assert.Throws<InvalidMessageException>(() => MessageAttributeLimit.Merge(Producer(6), MessageAttributeNames.All));

        Assert.Equal(InvalidMessageReasons.TooManyAttributes, ex.Reason);
        Assert.Contains("11 message attributes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at most 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_StaleVaultflowAttributes_ReplacedNotCountedTwice()
    {
        var existing = Producer(5).Concat([MessageAttributeNames.Hops, MessageAttributeNames.ReplayCount, MessageAttributeNames.Failure]);

        var names = MessageAttributeLimit.Merge(existing, MessageAttributeNames.All);

        Assert.Equal(10, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void FailureAttributes_LongDetail_BoundedWithoutSplittingSurrogates()
    {
        var detail = new string('a', MessageAttributeLimit.MaxFailureDetailLength - 4) + string.Concat(Enumerable.Repeat("\ud83d\ude00", 10));

        var attributes = MessageAttributeLimit.FailureAttributes(InvalidMessageReasons.InvalidJson, detail);

        Assert.Equal(InvalidMessageReasons.InvalidJson, attributes[MessageAttributeNames.Failure]);
        var bounded = attributes[MessageAttributeNames.FailureDetail];
        Assert.True(bounded.Length <= MessageAttributeLimit.MaxFailureDetailLength);
        Assert.EndsWith("...", bounded, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(bounded[^4]));
    }
}
