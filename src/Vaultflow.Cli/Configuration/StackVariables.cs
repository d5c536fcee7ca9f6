namespace Vaultflow.Cli.Configuration;

/// <summary>The standard AWS endpoint variables and the CLI's own, next to <see cref="Core.Configuration.SettingNames"/>.</summary>
internal static class StackVariables
{
    public const string StateDir = "VAULTFLOW_STATE_DIR";
    public const string EndpointUrl = "AWS_ENDPOINT_URL";
    public const string SqsEndpoint = "AWS_ENDPOINT_URL_SQS";
    public const string SfnEndpoint = "AWS_ENDPOINT_URL_SFN";
    public const string KmsEndpoint = "AWS_ENDPOINT_URL_KMS";

    /// <summary>The database name (local.json's <c>database</c>); used to point the owner connection at it.</summary>
    public const string DatabaseName = "VAULTFLOW_DB_NAME";

    /// <summary>A file holding the base64 blind-index key (local.json's <c>blindIndexKeyFile</c>); VAULTFLOW_BLIND_INDEX_KEY wins.</summary>
    public const string BlindIndexKeyFile = "VAULTFLOW_BLIND_INDEX_KEY_FILE";

    /// <summary>The directory holding local.json and postgres.json, as the CLI looks for it.</summary>
    public const string StateDirName = ".vaultflow";
}
