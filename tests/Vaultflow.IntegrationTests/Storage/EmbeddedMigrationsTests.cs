using Vaultflow.Core.Storage.Migrations;

namespace Vaultflow.IntegrationTests.Storage;

public sealed class EmbeddedMigrationsTests
{
    [Fact]
    public void Load_Assembly_ReturnsContiguousVersionsStartingWithInitialSchema()
    {
        var migrations = EmbeddedMigrations.Load();

        Assert.NotEmpty(migrations);
        Assert.Equal("0001_initial_schema", migrations[0].DisplayName);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.All(migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
    }

    [Theory]
    [InlineData("initial_schema")]
    [InlineData("0000_zero")]
    [InlineData("0002_")]
    [InlineData("-1_negative")]
    public void ParseFileName_Misnamed_ThrowsNamingTheFile(string fileName)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EmbeddedMigrations.ParseFileName(fileName));

        Assert.Contains(fileName + ".sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_BomAndCrlf_MatchTheLfText()
    {
        Assert.Equal(
            new Migration(1, "a", "SELECT 1;\nSELECT 2;\n").Checksum,
            new Migration(1, "a", "\uFEFFSELECT 1;\r\nSELECT 2;\r\n").Checksum);
        Assert.NotEqual(
            new Migration(1, "a", "SELECT 1;").Checksum,
            new Migration(1, "a", "SELECT 2;").Checksum);
    }
}
