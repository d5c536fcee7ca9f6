namespace Vaultflow.Lambda.Client;

/// <summary>Resource paths of the Lambda Runtime API (version 2018-06-01).</summary>
public static class RuntimeApiPaths
{
    public const string Version = "2018-06-01";
    public const string Next = "/2018-06-01/runtime/invocation/next";
    public const string InitError = "/2018-06-01/runtime/init/error";

    public static string Response(string requestId) => $"/2018-06-01/runtime/invocation/{Uri.EscapeDataString(requestId)}/response";

    public static string Error(string requestId) => $"/2018-06-01/runtime/invocation/{Uri.EscapeDataString(requestId)}/error";
}
