namespace Vaultflow.Cli.Template;

/// <summary>Settings of <c>vaultflow template sync|check</c>.</summary>
/// <param name="TemplatePath">The SAM template (JSON).</param>
/// <param name="ManifestPath">The function manifest: a .json file, or the handlers assembly (.dll) whose generated <c>LambdaFunctions.ManifestJson</c> is read.</param>
/// <param name="CodeUri">The CodeUri every owned function gets (the bootstrap zip).</param>
internal sealed record TemplateSyncOptions(string TemplatePath, string ManifestPath, string CodeUri)
{
    public const string DefaultTemplatePath = "serverless.template";

    /// <summary>
    /// The zip every function deploys. Architecture-neutral on purpose: scripts/deploy copies the
    /// scripts/publish output for the chosen Architecture (artifacts/vaultflow-handlers-linux-&lt;rid&gt;.zip)
    /// here, because CodeUri cannot depend on a template parameter when the template is packaged.
    /// </summary>
    public const string DefaultCodeUri = "artifacts/deploy/vaultflow-handlers.zip";
}
