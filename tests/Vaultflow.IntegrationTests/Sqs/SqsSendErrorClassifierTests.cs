using Vaultflow.Aws.Sqs;

namespace Vaultflow.IntegrationTests.Sqs;

/// <summary>Pure: how SendMessage error codes are sorted (no I/O; lives here because Vaultflow.Aws has no unit-test project).</summary>
public sealed class SqsSendErrorClassifierTests
{
    [Theory]
    [InlineData("ThrottlingException", 400)]
    [InlineData("RequestThrottled", 400)]
    [InlineData("KmsThrottled", 400)]
    [InlineData("KMS.ThrottlingException", 400)]
    [InlineData("ExpiredToken", 400)]
    [InlineData("InternalFailure", 500)]
    [InlineData("AnythingAtAll", 503)]
    [InlineData(null, 502)]
    public void Classify_ThrottlingOr5xx_Transient(string? code, int status) =>
        Assert.Equal(SqsSendErrorKind.Transient, SqsSendErrorClassifier.Classify(code, status));

    [Theory]
    [InlineData("InvalidMessageContents")]
    [InlineData("InvalidParameterValue")]
    [InlineData("MissingParameter")]
    [InlineData("InvalidAttributeValue")]
    [InlineData("AWS.SimpleQueueService.InvalidMessageContents")]
    [InlineData("SomethingNewFromSqs")]
    [InlineData(null)]
    public void Classify_ContentOrUnknown4xx_ContentSoAReducedFormIsTriedOnce(string? code) =>
        Assert.Equal(SqsSendErrorKind.Content, SqsSendErrorClassifier.Classify(code, 400));

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("AccessDeniedException")]
    [InlineData("QueueDoesNotExist")]
    [InlineData("AWS.SimpleQueueService.NonExistentQueue")]
    [InlineData("AWS.SimpleQueueService.AccessDenied")]
    [InlineData("KmsDisabled")]
    [InlineData("KmsNotFound")]
    [InlineData("KmsAccessDenied")]
    [InlineData("KmsInvalidState")]
    [InlineData("KMS.DisabledException")]
    [InlineData("KMS.NotFoundException")]
    [InlineData("InvalidClientTokenId")]
    [InlineData("SignatureDoesNotMatch")]
    public void Classify_AccessMissingQueueOrKey_QueueBecauseNoFormHelps(string code) =>
        Assert.Equal(SqsSendErrorKind.Queue, SqsSendErrorClassifier.Classify(code, 400));

    [Fact]
    public void Normalize_QueryProtocolCode_PlainCode()
    {
        Assert.Equal("InvalidMessageContents", SqsSendErrorClassifier.Normalize("AWS.SimpleQueueService.InvalidMessageContents"));
        Assert.Equal("KMS.DisabledException", SqsSendErrorClassifier.Normalize("KMS.DisabledException"));
        Assert.Equal("", SqsSendErrorClassifier.Normalize(null));
    }

    [Theory]
    [InlineData("AccessDenied", "sqs:SendMessage")]
    [InlineData("AWS.SimpleQueueService.NonExistentQueue", "VAULTFLOW_DLQ_URL")]
    [InlineData("KmsDisabled", "kms:GenerateDataKey")]
    [InlineData("KMS.DisabledException", "enable it")]
    [InlineData("InvalidClientTokenId", "credentials")]
    [InlineData("InvalidMessageContents", "MaximumMessageSize")]
    public void Advice_EachKind_SaysWhatToDo(string code, string expected) =>
        Assert.Contains(expected, SqsSendErrorClassifier.Advice(code, "https://sqs.eu-west-1.amazonaws.com/1/dlq"), StringComparison.Ordinal);
}
