namespace Vaultflow.Cli.Template;

/// <summary>Settings of <c>vaultflow template sync|check</c>.</summary>
/// <param name="TemplatePath">The SAM template (JSON).</param>
/// <param name="ManifestPath">The function manifest: a .json file, or the handlers assembly (.dll) whose generated <c>LambdaFunctions.ManifestJson</c> is read.</param>
/// <param name="CodeUri">The CodeUri every owned function gets (the bootstrap zip).</param>
internal sealed record TemplateSyncOptions(string TemplatePath, string ManifestPath, string CodeUri)
{
    public const string DefaultTemplatePath = "serverless.template";

    public const string DefaultCodeUri = "artifacts/bootstrap-arm64.zip";
}
