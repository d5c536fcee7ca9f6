using System.Text.RegularExpressions;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Tests.Contract;

public class InvalidMessageReasonsTests
{
    [Fact]
    public void All_CodesAreUniqueKebabCaseWithDescriptions()
    {
        Assert.Equal(InvalidMessageReasons.All.Count, InvalidMessageReasons.All.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(InvalidMessageReasons.All, r =>
        {
            Assert.Matches(new Regex("^[a-z]+(-[a-z0-9]+)*$"), r.Code);
            Assert.False(string.IsNullOrWhiteSpace(r.Description));
        });
    }

    [Fact]
    public void All_ListsEveryConstant()
    {
        var constants = typeof(InvalidMessageReasons).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(constants.Count, InvalidMessageReasons.All.Count);
        Assert.All(constants, c => Assert.NotNull(InvalidMessageReasons.Find(c)));
    }

    [Fact]
    public void InvalidMessageException_HasStableErrorTypeAndIsNotRetryable()
    {
        var ex = new InvalidMessageException(InvalidMessageReasons.TooLarge, "too big");

        Assert.Equal("Vaultflow.InvalidMessage", ex.ErrorType);
        Assert.False(ex.IsRetryable);
        Assert.Equal("too-large", ex.Reason);
        Assert.IsAssignableFrom<VaultflowException>(ex);
    }
}
