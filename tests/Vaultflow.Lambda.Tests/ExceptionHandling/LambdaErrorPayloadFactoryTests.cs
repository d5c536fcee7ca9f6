using System.Text.Json;
using Vaultflow.Lambda.ExceptionHandling;

namespace Vaultflow.Lambda.Tests.ExceptionHandling;

public sealed class LambdaErrorPayloadFactoryTests
{
    [Fact]
    public void Create_ExceptionWithErrorType_UsesItsErrorType()
    {
        var payload = LambdaErrorPayloadFactory.Create(Thrown(new TypedException("throttled")));

        Assert.Equal("Vaultflow.Transient", payload.ErrorType);
        Assert.Equal("throttled", payload.ErrorMessage);
        Assert.NotEmpty(payload.StackTrace);
    }

    [Fact]
    public void Create_PlainException_UsesTypeName()
    {
        var payload = LambdaErrorPayloadFactory.Create(Thrown(new InvalidOperationException("bad state")));

        Assert.Equal(nameof(InvalidOperationException), payload.ErrorType);
    }

    [Fact]
    public void Create_ResolverNamesType_ResolverWinsOverTypeName()
    {
        var payload = LambdaErrorPayloadFactory.Create(
            new TimeoutException("slow"),
            e => e is TimeoutException ? "Vaultflow.Transient" : null);

        Assert.Equal("Vaultflow.Transient", payload.ErrorType);
    }

    [Fact]
    public void Create_ResolverReturnsNull_FallsBackToTypeName()
    {
        var payload = LambdaErrorPayloadFactory.Create(new TimeoutException("slow"), _ => null);

        Assert.Equal(nameof(TimeoutException), payload.ErrorType);
    }

    [Fact]
    public void Create_AggregateWithOneInner_ReportsTheInner()
    {
        var payload = LambdaErrorPayloadFactory.Create(new AggregateException(new TypedException("inner")));

        Assert.Equal("Vaultflow.Transient", payload.ErrorType);
        Assert.Equal("inner", payload.ErrorMessage);
    }

    [Fact]
    public void Create_InnerException_StackTraceNamesTheCause()
    {
        var payload = LambdaErrorPayloadFactory.Create(Thrown(new InvalidOperationException("outer", Thrown(new FormatException("root cause")))));

        Assert.Contains(payload.StackTrace, line => line.Contains("caused by FormatException: root cause", StringComparison.Ordinal));
    }

    [Fact]
    public void ToUtf8Json_Payload_HasTheThreeDocumentedFields()
    {
        var payload = new LambdaErrorPayload("msg", "Type.Reason", ["at A", "at B"]);

        using var document = JsonDocument.Parse(payload.ToUtf8Json());
        var root = document.RootElement;

        Assert.Equal(["errorMessage", "errorType", "stackTrace"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("msg", root.GetProperty("errorMessage").GetString());
        Assert.Equal("Type.Reason", root.GetProperty("errorType").GetString());
        Assert.Equal("at A|at B", string.Join("|", root.GetProperty("stackTrace").EnumerateArray().Select(e => e.GetString())));
    }

    private static T Thrown<T>(T exception)
        where T : Exception
    {
        try
        {
            throw exception;
        }
        catch (T caught)
        {
            return caught;
        }
    }

    private sealed class TypedException(string message) : Exception(message), IHasErrorType
    {
        public string ErrorType => "Vaultflow.Transient";
    }
}
