namespace Vaultflow.IntegrationTests.Storage;

/// <summary>No SQL in src/ or handlers/ is built from strings: values travel as parameters, always.</summary>
public sealed class SqlSafetyTests
{
    /// <summary>
    /// String-built SQL that is safe and cannot be a parameter, each with its reason. Every entry must
    /// still be found (a stale entry fails the test), and nothing else may be.
    /// </summary>
    private static readonly (string File, string Snippet, string Reason)[] Allowed =
    [
        (
            Path.Combine("src", "Vaultflow.Local", "Stack", "PostgresProvisioner.cs"),
            "\"CREATE DATABASE \"",
            "PostgreSQL cannot bind an identifier as a parameter; the name is checked against ^[a-z_][a-z0-9_]{0,62}$ just before (local stack only)."
        ),
    ];

    [Fact]
    public void Source_SrcAndHandlers_HaveNoStringBuiltSql()
    {
        var root = RepositoryRoot();
        var files = new[] { "src", "handlers" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var findings = files.SelectMany(f => SqlStringScanner.Scan(Path.GetRelativePath(root, f), File.ReadAllText(f))).ToList();
        var sqlLiterals = files.Sum(f => SqlStringScanner.CountSqlLiterals(File.ReadAllText(f)));
        var unexpected = findings.Where(f => !Allowed.Any(a => a.File == f.File && f.Snippet.StartsWith(a.Snippet, StringComparison.Ordinal))).ToList();
        var stale = Allowed.Where(a => !findings.Any(f => a.File == f.File && f.Snippet.StartsWith(a.Snippet, StringComparison.Ordinal))).ToList();

        Assert.True(files.Count > 0, $"No C# files under {root}/src or handlers.");
        Assert.True(sqlLiterals >= 10, $"Only {sqlLiterals} SQL literals seen: the scanner is not seeing the store's queries.");
        Assert.True(unexpected.Count == 0, "String-built SQL found (use parameters):\n" + string.Join("\n", unexpected.Select(f => $"  {f.File}:{f.Line}: {f.Snippet}")));
        Assert.True(stale.Count == 0, "Allowed entries no longer found (remove them): " + string.Join(", ", stale.Select(a => a.File)));
    }

    [Theory]
    [InlineData("var sql = $\"SELECT * FROM records WHERE id = {id}\";")]
    [InlineData("var sql = \"DELETE FROM records WHERE id = \" + id;")]
    [InlineData("var sql = \"SELECT 1 FROM t WHERE k = '\" + key + \"'\";")]
    [InlineData("var sql = prefix + \"UPDATE records SET key_id = 'x'\";")]
    [InlineData("var sql = string.Format(\"INSERT INTO t VALUES ({0})\", v);")]
    [InlineData("var sql = $@\"select id from records where key = '{key}'\";")]
    [InlineData("var sql = $\"\"\"\n    UPDATE records\n    SET key_id = '{k}'\n    \"\"\";")]
    [InlineData("await using var c = source.CreateCommand(\"CREATE DATABASE \" + name);")]
    [InlineData("var sql = \"DROP TABLE \" + table;")]
    [InlineData("var sql = $\"truncate {table}\";")]
    [InlineData("var sql = $\"GRANT SELECT ON records TO {role}\";")]
    [InlineData("command.CommandText = $\"SET search_path = {schema}\";")]
    [InlineData("await using var c = new NpgsqlCommand($\"VACUUM {table}\", connection);")]
    [InlineData("await connection.ExecuteAsync(\"LISTEN \" + channel);")]
    public void Scan_StringBuiltSql_IsFound(string code)
    {
        Assert.Single(SqlStringScanner.Scan("sample.cs", code));
    }

    [Theory]
    [InlineData("const string Sql = \"SELECT id FROM records WHERE id = @id\";")]
    [InlineData("const string Sql = \"\"\"\n    INSERT INTO t (a) VALUES (@a)\n    \"\"\";")]
    [InlineData("throw new X($\"Step '{step}' for key '{key}' failed; retry\");")]
    [InlineData("// var sql = \"SELECT * FROM t WHERE id = \" + id;")]
    [InlineData("var c = '\"'; var s = \"SELECT 1\"; var t = $\"{c}\" + x;")]
    [InlineData("log($\"{n} records selected from the batch\") + 1;")]
    [InlineData("throw new X($\"Create it (scripts/setup creates {role}) or drop the table {name} by hand\");")]
    [InlineData("await using var c = source.CreateCommand(RecordSql.SelectById);")]
    [InlineData("command.CommandText = \"SELECT 1 FROM records WHERE id = @id\";")]
    public void Scan_ParameterisedOrProse_IsNotFound(string code)
    {
        Assert.Empty(SqlStringScanner.Scan("sample.cs", code));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vaultflow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Vaultflow.slnx above {AppContext.BaseDirectory}: run the tests from a checkout.");
    }
}
