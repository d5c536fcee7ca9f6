namespace Vaultflow.Cli.Template;

/// <summary>Runs <c>template sync</c> or <c>template check</c>: 0 in sync (or synced), 1 drift or failure.</summary>
internal static class TemplateRunner
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static int Run(bool write, TemplateSyncOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            var manifest = ManifestReader.Read(options.ManifestPath);
            var exists = File.Exists(options.TemplatePath);
            if (!exists && !write)
            {
                error.WriteLine($"Template '{options.TemplatePath}' not found. Run 'vaultflow template sync' to create it, or pass --template.");
                return Failed;
            }

            var template = exists ? TemplateFile.Read(options.TemplatePath) : TemplateFile.Empty();
            var result = TemplateSynchronizer.Apply(template, manifest, options.CodeUri);
            foreach (var conflict in result.Conflicts)
            {
                error.WriteLine($"{options.TemplatePath}: {conflict}");
            }

            if (!write)
            {
                return Report(options, result, output, error);
            }

            if (result.Conflicts.Count > 0)
            {
                error.WriteLine($"{options.TemplatePath} was not changed: resolve the conflicts above and run template sync again.");
                return Failed;
            }

            if (result.Drift.Count == 0 && exists)
            {
                output.WriteLine($"{options.TemplatePath} is in sync with {manifest.Count} function(s); nothing to write.");
                return Ok;
            }

            TemplateFile.Write(options.TemplatePath, template);
            foreach (var drift in result.Drift)
            {
                output.WriteLine($"updated {drift.Path}");
            }

            output.WriteLine($"{options.TemplatePath} synced with {manifest.Count} function(s) ({result.Drift.Count} change(s)).");
            return Ok;
        }
        catch (Exception e) when (e is TemplateSyncException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return Failed;
        }
    }

    private static int Report(TemplateSyncOptions options, TemplateSyncResult result, TextWriter output, TextWriter error)
    {
        if (result.InSync)
        {
            output.WriteLine($"{options.TemplatePath} is in sync with the manifest.");
            return Ok;
        }

        foreach (var drift in result.Drift)
        {
            error.WriteLine($"{options.TemplatePath}: drift at {drift}");
        }

        error.WriteLine($"{options.TemplatePath} is out of sync ({result.Drift.Count} drifted field(s), {result.Conflicts.Count} conflict(s)). Run 'vaultflow template sync' to rewrite the owned resources.");
        return Failed;
    }
}
