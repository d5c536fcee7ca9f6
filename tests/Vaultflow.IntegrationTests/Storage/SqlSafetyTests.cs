namespace Vaultflow.IntegrationTests.Storage;

/// <summary>No SQL in src/ is built from strings: values travel as parameters, always.</summary>
public sealed class SqlSafetyTests
{
    [Fact]
    public void Source_SrcFolder_HasNoStringBuiltSql()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var findings = files.SelectMany(f => SqlStringScanner.Scan(Path.GetRelativePath(src, f), File.ReadAllText(f))).ToList();
        var sqlLiterals = files.Sum(f => SqlStringScanner.CountSqlLiterals(File.ReadAllText(f)));

        Assert.True(files.Count > 0, $"No C# files under {src}.");
        Assert.True(sqlLiterals >= 10, $"Only {sqlLiterals} SQL literals seen under {src}: the scanner is not seeing the store's queries.");
        Assert.True(findings.Count == 0, "String-built SQL found (use parameters):\n" + string.Join("\n", findings.Select(f => $"  {f.File}:{f.Line}: {f.Snippet}")));
    }

    [Theory]
    [InlineData("var sql = $\"SELECT * FROM records WHERE id = {id}\";")]
    [InlineData("var sql = \"DELETE FROM records WHERE id = \" + id;")]
    [InlineData("var sql = \"SELECT 1 FROM t WHERE k = '\" + key + \"'\";")]
    [InlineData("var sql = prefix + \"UPDATE records SET key_id = 'x'\";")]
    [InlineData("var sql = string.Format(\"INSERT INTO t VALUES ({0})\", v);")]
    [InlineData("var sql = $@\"select id from records where key = '{key}'\";")]
    [InlineData("var sql = $\"\"\"\n    UPDATE records\n    SET key_id = '{k}'\n    \"\"\";")]
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
