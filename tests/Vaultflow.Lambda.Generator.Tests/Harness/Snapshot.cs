using System.Runtime.CompilerServices;

namespace Vaultflow.Lambda.Generator.Tests.Harness;

/// <summary>
/// Compares generated text with Snapshots/&lt;name&gt;.g.txt. Set VAULTFLOW_UPDATE_SNAPSHOTS=1 to rewrite the
/// files instead (then review the diff and commit it).
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "VAULTFLOW_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var directory = Path.Combine(FindProjectDirectory(callerFile), "Snapshots");
        var path = Path.Combine(directory, name + ".g.txt");
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Snapshot {path} is missing. Run the tests once with {UpdateVariable}=1, review the file and commit it.");
        var expected = Normalize(File.ReadAllText(path));
        if (expected != actual)
        {
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"Generated source differs from {path} at line {line.Number}.\nexpected: {line.Expected}\nactual:   {line.Actual}\nIf the change is intended, rerun with {UpdateVariable}=1 and commit the snapshot.");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return (i + 1, left, right);
            }
        }

        return (0, string.Empty, string.Empty);
    }

    // Deterministic CI builds map source paths to /_/, so [CallerFilePath] alone cannot find the
    // snapshots there; the test binaries' own location (bin/ under the project) always can.
    private static string FindProjectDirectory(string callerFile)
    {
        foreach (var start in new[] { Path.GetDirectoryName(callerFile), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Vaultflow.Lambda.Generator.Tests.csproj")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException($"Cannot find the test project directory above {callerFile} or {AppContext.BaseDirectory}.");
    }
}
