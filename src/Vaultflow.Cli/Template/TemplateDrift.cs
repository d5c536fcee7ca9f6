namespace Vaultflow.Cli.Template;

/// <summary>One difference between the template and the manifest, at a JSON path like Resources.StarterFunction.Properties.MemorySize.</summary>
internal sealed record TemplateDrift(string Path, string Expected, string Actual)
{
    public override string ToString() => $"{Path}: expected {Expected}, found {Actual}";
}

/// <summary>What a sync or check found: the drift (fixed by sync) and the conflicts (never fixed: a person must decide).</summary>
internal sealed record TemplateSyncResult(IReadOnlyList<TemplateDrift> Drift, IReadOnlyList<string> Conflicts)
{
    public bool InSync => Drift.Count == 0 && Conflicts.Count == 0;
}
