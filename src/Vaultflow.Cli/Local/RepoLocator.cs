using Vaultflow.Local.Stack;

namespace Vaultflow.Cli.Local;

/// <summary>The checkout the stack runs from: $VAULTFLOW_ROOT, else the first folder holding Vaultflow.slnx above the working directory or the binary.</summary>
internal static class RepoLocator
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("VAULTFLOW_ROOT") is { Length: > 0 } explicitRoot)
        {
            return File.Exists(Path.Combine(explicitRoot, "Vaultflow.slnx"))
                ? Path.GetFullPath(explicitRoot)
                : throw new LocalStackException($"VAULTFLOW_ROOT is '{explicitRoot}', which holds no Vaultflow.slnx: point it at the checkout or unset it.");
        }

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

        throw new LocalStackException("no Vaultflow checkout (Vaultflow.slnx) above the working directory or the vaultflow binary: run it from the repository, or set VAULTFLOW_ROOT.");
    }
}
