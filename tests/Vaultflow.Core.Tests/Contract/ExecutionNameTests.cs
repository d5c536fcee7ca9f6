using System.Text.RegularExpressions;
using Vaultflow.Core.Contract;

namespace Vaultflow.Core.Tests.Contract;

public partial class ExecutionNameTests
{
    [GeneratedRegex("^[0-9A-Za-z_-]{1,80}$")]
    private static partial Regex ValidName();

    [Theory]
    [InlineData("order-42")]
    [InlineData("sha256:43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777")]
    [InlineData("7b9c2f4e-1d2a-4c4b-9e55-0a8f3c6d1e21")]
    [InlineData("\u65e5\u672c\u8a9e \ud83d\ude00 / * ? [ ] { } \" ' `")]
    [InlineData("-")]
    public void For_AnyKey_MatchesStepFunctionsRules(string key)
    {
        var name = ExecutionName.For(key, 0);

        Assert.Matches(ValidName(), name);
        Assert.True(ExecutionName.IsValid(name));
    }

    [Fact]
    public void For_256CharKeyAndMaxReplay_AtMost80Chars()
    {
        var name = ExecutionName.For(new string('x', 256), int.MaxValue);

        Assert.True(name.Length <= ExecutionName.MaxLength, $"{name.Length}: {name}");
        Assert.Matches(ValidName(), name);
        Assert.EndsWith("-r2147483647", name, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SameInput_Deterministic()
    {
        Assert.Equal(ExecutionName.For("order-42", 1), ExecutionName.For("order-42", 1));
    }

    [Fact]
    public void For_KnownKey_HasReadablePrefixHashAndReplaySuffix()
    {
        var name = ExecutionName.For("order:42/eu", 2);

        Assert.Matches("^order-42-eu-[a-z2-7]{26}-r2$", name);
    }

    [Fact]
    public void For_DifferentReplayCounts_DifferentNames()
    {
        var names = Enumerable.Range(0, 5).Select(r => ExecutionName.For("order-42", r)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(5, names.Count);
    }

    [Fact]
    public void For_KeysThatSanitizeAlike_DifferentNames()
    {
        var keys = new[] { "order/42", "order:42", "order 42", "order-42", "order--42", "ORDER-42" };
        var shared = new string('a', 100);
        var names = keys.Concat([shared + "1", shared + "2"]).Select(k => ExecutionName.For(k, 0)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(keys.Length + 2, names.Count);
    }

    [Fact]
    public void For_NegativeReplayCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionName.For("k", -1));
    }
}
