namespace Vaultflow.IntegrationTests.Support;

/// <summary>Finds the checkout's root (the folder holding Vaultflow.slnx) from the test binaries.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Vaultflow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Vaultflow.slnx not found above {AppContext.BaseDirectory}; run the tests from a checkout.");
    }
}
