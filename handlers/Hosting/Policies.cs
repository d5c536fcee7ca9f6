namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// Least-privilege IAM for the functions, as SAM policy templates or inline statements (JSON that
/// template sync writes into each function's Policies). SAM adds the basic execution role and, for the
/// SQS event source, the queue-polling permissions itself.
/// </summary>
internal static class Policies
{
    /// <summary>sqs:SendMessage on the DeadLetterQueue resource only.</summary>
    public const string SendToDeadLetterQueue = """{"SQSSendMessagePolicy":{"QueueName":{"Fn::GetAtt":["DeadLetterQueue","QueueName"]}}}""";

    /// <summary>states:StartExecution on the IngestStateMachine only.</summary>
    public const string StartIngestExecutions = """{"StepFunctionsExecutionPolicy":{"StateMachineName":{"Fn::GetAtt":["IngestStateMachine","Name"]}}}""";

    /// <summary>kms:GenerateDataKey on the wrapping key (the KmsKeyArn parameter).</summary>
    public const string GenerateDataKeys = """{"Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey"],"Resource":{"Ref":"KmsKeyArn"}}]}""";

    /// <summary>kms:Decrypt on the wrapping key (the KmsKeyArn parameter).</summary>
    public const string DecryptDataKeys = """{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":{"Ref":"KmsKeyArn"}}]}""";
}
