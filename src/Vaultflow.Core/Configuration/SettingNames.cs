namespace Vaultflow.Core.Configuration;

/// <summary>Every environment variable Vaultflow reads, in one place (the README's configuration table lists them).</summary>
public static class SettingNames
{
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
    public const string StateMachineArn = "VAULTFLOW_STATE_MACHINE_ARN";
    public const string IngestQueueUrl = "VAULTFLOW_INGEST_QUEUE_URL";
    public const string DlqUrl = "VAULTFLOW_DLQ_URL";
    public const string KmsKeyId = "VAULTFLOW_KMS_KEY_ID";
    public const string RawKey = "VAULTFLOW_RAW_KEY";
    public const string RawKeyFile = "VAULTFLOW_RAW_KEY_FILE";
    public const string BlindIndexKey = "VAULTFLOW_BLIND_INDEX_KEY";

    /// <summary>Locally, during a key rotation: the base64 blind-index key being rotated out; searches also look under it (on Lambda the secret's <c>previous</c> field).</summary>
    public const string BlindIndexPreviousKey = "VAULTFLOW_BLIND_INDEX_PREVIOUS_KEY";

    /// <summary>ARN or name of the Secrets Manager secret holding the blind-index key, read once per cold start through the Parameters and Secrets extension (instead of <see cref="BlindIndexKey"/>).</summary>
    public const string BlindIndexKeySecretId = "VAULTFLOW_BLIND_INDEX_KEY_SECRET_ID";
    public const string Database = "VAULTFLOW_DB";

    /// <summary>ARN or name of the Secrets Manager secret holding the database credentials, read through the Parameters and Secrets extension (instead of <see cref="Database"/>).</summary>
    public const string DatabaseSecretId = "VAULTFLOW_DB_SECRET_ID";

    /// <summary>Seconds Vaultflow keeps the database secret in memory before asking the extension again (default 300; 0 = every connection open).</summary>
    public const string DatabaseSecretTtl = "VAULTFLOW_DB_SECRET_TTL";
    public const string MaxReplays = "VAULTFLOW_MAX_REPLAYS";
    public const string MaxHops = "VAULTFLOW_MAX_HOPS";
    public const string Application = "VAULTFLOW_APPLICATION";
    public const string DataKeyCache = "VAULTFLOW_DATA_KEY_CACHE";
}
