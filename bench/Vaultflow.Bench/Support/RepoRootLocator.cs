namespace Vaultflow.Bench.Support;

/// <summary>The checkout root: the first directory above the binaries (or the working directory) holding Vaultflow.slnx.</summary>
internal static class RepoRootLocator
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vaultflow.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (no Vaultflow.slnx above the working directory or the binaries). Run from the checkout, e.g. scripts/bench.");
    }
}
