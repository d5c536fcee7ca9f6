namespace Vaultflow.Handlers.Hosting;

/// <summary>
/// Least-privilege IAM for the functions, as SAM policy templates or inline statements (JSON that
/// template sync writes into each function's Policies). SAM adds the basic execution role and, for the
/// SQS event source, the queue-polling permissions itself. Every KMS statement is pinned to one key and
/// to the encryption context the caller sends, so a role can use a key only for its own purpose.
/// The names inside (ProjectKey, KmsKeyArn, Application, DatabaseSecretArn, BlindIndexKeySecret, ...) are serverless.template's.
/// </summary>
internal static class Policies
{
    /// <summary>sqs:SendMessage on the DeadLetterQueue resource only.</summary>
    public const string SendToDeadLetterQueue = """{"SQSSendMessagePolicy":{"QueueName":{"Fn::GetAtt":["DeadLetterQueue","QueueName"]}}}""";

    /// <summary>The DLQ is encrypted with the project key (SSE-KMS): a producer needs GenerateDataKey and Decrypt, for that queue only.</summary>
    public const string EncryptDeadLetterMessages = """{"Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":{"Fn::GetAtt":["ProjectKey","Arn"]},"Condition":{"StringEquals":{"kms:ViaService":{"Fn::Sub":"sqs.${AWS::Region}.amazonaws.com"},"kms:EncryptionContext:aws:sqs:arn":{"Fn::GetAtt":["DeadLetterQueue","Arn"]}}}}]}""";

    /// <summary>The event source mapping reads the SSE-KMS ingest queue with the function's role: kms:Decrypt for that queue only.</summary>
    public const string ReadIngestQueueMessages = """{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":{"Fn::GetAtt":["ProjectKey","Arn"]},"Condition":{"StringEquals":{"kms:ViaService":{"Fn::Sub":"sqs.${AWS::Region}.amazonaws.com"},"kms:EncryptionContext:aws:sqs:arn":{"Fn::GetAtt":["IngestQueue","Arn"]}}}}]}""";

    /// <summary>states:StartExecution on the IngestStateMachine only.</summary>
    public const string StartIngestExecutions = """{"StepFunctionsExecutionPolicy":{"StateMachineName":{"Fn::GetAtt":["IngestStateMachine","Name"]}}}""";

    /// <summary>The state machine is encrypted with the project key: StartExecution encrypts the input under the caller's permissions.</summary>
    public const string EncryptExecutionInput = """{"Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey","kms:Decrypt"],"Resource":{"Fn::GetAtt":["ProjectKey","Arn"]},"Condition":{"StringEquals":{"kms:EncryptionContext:aws:states:stateMachineArn":{"Ref":"IngestStateMachine"}}}}]}""";

    /// <summary>kms:GenerateDataKey on the record key, only with the encryption context KmsKeyring sends (vf-application, vf-purpose=record).</summary>
    public const string GenerateDataKeys = """{"Statement":[{"Effect":"Allow","Action":["kms:GenerateDataKey"],"Resource":{"Fn::If":["UseProjectKeyForRecords",{"Fn::GetAtt":["ProjectKey","Arn"]},{"Ref":"KmsKeyArn"}]},"Condition":{"StringEquals":{"kms:EncryptionContext:vf-application":{"Ref":"Application"},"kms:EncryptionContext:vf-purpose":"record"}}}]}""";

    /// <summary>kms:Decrypt on the record key, only with the encryption context KmsKeyring sends.</summary>
    public const string DecryptDataKeys = """{"Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":{"Fn::If":["UseProjectKeyForRecords",{"Fn::GetAtt":["ProjectKey","Arn"]},{"Ref":"KmsKeyArn"}]},"Condition":{"StringEquals":{"kms:EncryptionContext:vf-application":{"Ref":"Application"},"kms:EncryptionContext:vf-purpose":"record"}}}]}""";

    /// <summary>
    /// secretsmanager:GetSecretValue on the database secret (read through the Parameters and Secrets
    /// extension with the function's role), plus kms:Decrypt through Secrets Manager when the secret
    /// uses a customer managed key (DatabaseSecretKmsKeyArn).
    /// </summary>
    public const string ReadDatabaseSecret = """{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":{"Ref":"DatabaseSecretArn"}},{"Fn::If":["DatabaseSecretUsesCustomerKey",{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":{"Ref":"DatabaseSecretKmsKeyArn"},"Condition":{"StringEquals":{"kms:ViaService":{"Fn::Sub":"secretsmanager.${AWS::Region}.amazonaws.com"}}}},{"Ref":"AWS::NoValue"}]}]}""";

    /// <summary>
    /// secretsmanager:GetSecretValue on the stack's blind-index key secret only, plus kms:Decrypt on the
    /// project key (which encrypts that secret) only through Secrets Manager and only with that secret's
    /// encryption context (Secrets Manager sends SecretARN), so the role cannot decrypt anything else
    /// with the project key this way.
    /// </summary>
    public const string ReadBlindIndexKeySecret = """{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":{"Ref":"BlindIndexKeySecret"}},{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":{"Fn::GetAtt":["ProjectKey","Arn"]},"Condition":{"StringEquals":{"kms:ViaService":{"Fn::Sub":"secretsmanager.${AWS::Region}.amazonaws.com"},"kms:EncryptionContext:SecretARN":{"Ref":"BlindIndexKeySecret"}}}}]}""";
}
