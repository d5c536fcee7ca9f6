using Vaultflow.Lambda.LocalInvoke;

namespace Vaultflow.Lambda.Tests.LocalInvoke;

public sealed class FunctionReferenceTests
{
    [Theory]
    [InlineData("Starter", "Starter")]
    [InlineData("Starter:live", "Starter")]
    [InlineData("123456789012:function:Starter", "Starter")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Starter", "Starter")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Starter:$LATEST", "Starter")]
    public void NameOf_AnyAcceptedForm_ReturnsTheFunctionName(string reference, string expected)
    {
        Assert.Equal(expected, FunctionReference.NameOf(reference));
    }
}
