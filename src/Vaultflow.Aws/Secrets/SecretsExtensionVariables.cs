namespace Vaultflow.Aws.Secrets;

/// <summary>The environment variables of the AWS Parameters and Secrets Lambda Extension that Vaultflow reads or documents.</summary>
public static class SecretsExtensionVariables
{
    /// <summary>The extension's port on localhost (default 2773).</summary>
    public const string HttpPort = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";

    /// <summary>Lambda sets it; the extension requires it in the X-Aws-Parameters-Secrets-Token header.</summary>
    public const string SessionToken = "AWS_SESSION_TOKEN";

    /// <summary>The extension's own cache lifetime for secrets, in seconds (extension default 300, at most 300). Documented, read by the extension only.</summary>
    public const string SecretsManagerTtl = "SECRETS_MANAGER_TTL";

    /// <summary>Turns the extension's cache on or off (default true). Documented, read by the extension only.</summary>
    public const string CacheEnabled = "PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED";

    /// <summary>The extension's default port.</summary>
    public const int DefaultPort = 2773;
}
