using Npgsql;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Storage;
using Vaultflow.IntegrationTests.Fixtures;

namespace Vaultflow.IntegrationTests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class VaultflowDatabaseTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void OptionsFromEnvironment_Missing_ThrowsConfigurationExceptionNamingVariable(string? value)
    {
        var error = Assert.Throws<ConfigurationException>(
            () => VaultflowDatabase.OptionsFromEnvironment(name => name == "VAULTFLOW_DB" ? value : null));

        Assert.Equal("VAULTFLOW_DB", error.Setting);
        Assert.Contains("VAULTFLOW_DB is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateDataSource_InvalidConnectionString_ThrowsWithoutEchoingTheSecret()
    {
        var options = new VaultflowDatabaseOptions("Host=127.0.0.1;Password=hunter2;hunter3secret");

        var error = Assert.Throws<ConfigurationException>(() => VaultflowDatabase.CreateDataSource(options));

        Assert.Equal("VAULTFLOW_DB", error.Setting);
        Assert.DoesNotContain("hunter", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void CreateDataSource_NoHost_ThrowsConfigurationException()
    {
        var error = Assert.Throws<ConfigurationException>(
            () => VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions("Database=vaultflow;Username=x")));

        Assert.Contains("no Host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDataSource_FromEnvironment_ConnectsAsAppRoleWithApplicationName()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(postgres.Config.AppConnectionString) { Database = postgres.Database.Name }.ConnectionString;
        var options = VaultflowDatabase.OptionsFromEnvironment(
            name => name == "VAULTFLOW_DB" ? connectionString : null);
        await using var dataSource = VaultflowDatabase.CreateDataSource(options);

        await using var command = dataSource.CreateCommand("SELECT current_user || '/' || current_setting('application_name')");
        var identity = (string?)await command.ExecuteScalarAsync();

        Assert.Equal(postgres.Config.AppUser + "/vaultflow", identity);
    }
}
