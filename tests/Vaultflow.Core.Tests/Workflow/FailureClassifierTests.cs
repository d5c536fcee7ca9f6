using Vaultflow.Core.Contract;
using Vaultflow.Core.Workflow.Contracts;
using Vaultflow.Core.Workflow.Failures;

namespace Vaultflow.Core.Tests.Workflow;

public sealed class FailureClassifierTests
{
    [Fact]
    public void Classify_InvalidMessageWithReasonPrefix_UsesThatReason()
    {
        var failure = Classify("Vaultflow.InvalidMessage", """{"errorType":"Vaultflow.InvalidMessage","errorMessage":"too-deep: The message is nested 40 levels deep.","stackTrace":["at X"]}""");

        Assert.Equal(InvalidMessageReasons.TooDeep, failure.Reason);
        Assert.Equal("Vaultflow.InvalidMessage: too-deep: The message is nested 40 levels deep.", failure.Detail);
        Assert.DoesNotContain("at X", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_CauseAsLocalEngineWritesIt_ReasonStillRead()
    {
        var failure = Classify("Vaultflow.InvalidMessage", "Vaultflow.InvalidMessage: unknown-field: The field $.message.colour is not part of the ingest contract v1.");

        Assert.Equal(InvalidMessageReasons.UnknownField, failure.Reason);
        Assert.Equal("Vaultflow.InvalidMessage: unknown-field: The field $.message.colour is not part of the ingest contract v1.", failure.Detail);
    }

    [Fact]
    public void Classify_InvalidMessageWithUnknownPrefix_GenericInvalidMessage()
    {
        Assert.Equal(FailureReasons.InvalidMessage, Classify("Vaultflow.InvalidMessage", """{"errorMessage":"made-up: nope"}""").Reason);
    }

    [Theory]
    [InlineData("Vaultflow.Transient", FailureReasons.RetriesExhausted)]
    [InlineData("Vaultflow.StepInProgress", FailureReasons.RetriesExhausted)]
    [InlineData("Vaultflow.DecryptionFailed", FailureReasons.DecryptionFailed)]
    [InlineData("Vaultflow.Configuration", FailureReasons.ConfigurationError)]
    [InlineData("States.Timeout", FailureReasons.StepTimeout)]
    [InlineData("Lambda.ServiceException", FailureReasons.LambdaError)]
    [InlineData("JsonException", FailureReasons.StepFailed)]
    [InlineData(null, FailureReasons.StepFailed)]
    public void Classify_ErrorType_MapsToStableReason(string? error, string reason)
    {
        Assert.Equal(reason, Classify(error, "plain cause text").Reason);
    }

    [Fact]
    public void Classify_CauseNotJson_DetailKeepsCauseText()
    {
        Assert.Equal("States.Timeout: Task timed out.", Classify("States.Timeout", "Task timed out.").Detail);
    }

    [Fact]
    public void ErrorMessageConvention_FormatThenRead_RoundTripsAndDoesNotDoublePrefix()
    {
        var once = ErrorMessageConvention.Format(InvalidMessageReasons.MissingField, "The required field $.type is missing.");
        var twice = ErrorMessageConvention.Format(InvalidMessageReasons.MissingField, once);

        Assert.Equal("missing-field: The required field $.type is missing.", once);
        Assert.Equal(once, twice);
        Assert.Equal(InvalidMessageReasons.MissingField, ErrorMessageConvention.TryReadReason(once));
        Assert.Null(ErrorMessageConvention.TryReadReason("The message: has a colon"));
        Assert.Null(ErrorMessageConvention.TryReadReason(null));
    }

    [Fact]
    public void FailureReasons_All_UniqueAndDistinctFromContractReasons()
    {
        var codes = FailureReasons.All.Select(r => r.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Null(InvalidMessageReasons.Find(c)));
    }

    private static ClassifiedFailure Classify(string? error, string? cause) =>
        FailureClassifier.Classify(new FailureInfo { Error = error, Cause = cause });
}
