using Npgsql;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Errors;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>Secret formats to connection strings (no I/O).</summary>
public sealed class DatabaseSecretTests
{
    private const string Setting = "VAULTFLOW_DB_SECRET_ID";
    private const string Description = "secret 'vaultflow/db'";
    private const string Password = "s3cr3t-Pa55word";

    [Fact]
    public void ToConnectionString_RdsJson_BuildsNpgsqlConnectionStringWithSslRequired()
    {
        var json = $$"""{"engine":"postgres","host":"db.abc.eu-west-1.rds.amazonaws.com","port":5433,"username":"vaultflow_app","password":"{{Password}}","dbname":"vaultflow","dbInstanceIdentifier":"vaultflow"}""";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseSecret.ToConnectionString(json, Setting, Description, new DatabaseSecretOptions()));

        Assert.Equal("db.abc.eu-west-1.rds.amazonaws.com", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("vaultflow_app", builder.Username);
        Assert.Equal(Password, builder.Password);
        Assert.Equal("vaultflow", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("vaultflow", builder.ApplicationName);
    }

    [Fact]
    public void ToConnectionString_RdsJsonWithStringPortAndNoDbname_DefaultsApply()
    {
        var json = $$"""{"host":"db","port":"5432","username":"u","password":"{{Password}}"}""";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseSecret.ToConnectionString(json, Setting, Description, new DatabaseSecretOptions { SslMode = SslMode.Disable }));

        Assert.Equal(5432, builder.Port);
        Assert.Null(builder.Database);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Fact]
    public void ToConnectionString_MySqlEngine_ConfigurationErrorNamingTheEngine()
    {
        var json = $$"""{"engine":"mysql","host":"db","username":"u","password":"{{Password}}"}""";

        var error = Assert.Throws<ConfigurationException>(() => DatabaseSecret.ToConnectionString(json, Setting, Description, new DatabaseSecretOptions()));

        Assert.Equal(Setting, error.Setting);
        Assert.Contains("'mysql'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConnectionString_RdsJsonWithoutHostAndPassword_ListsTheMissingFields()
    {
        var error = Assert.Throws<ConfigurationException>(() => DatabaseSecret.ToConnectionString("""{"username":"u","password":""}""", Setting, Description, new DatabaseSecretOptions()));

        Assert.Contains("has no host, password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConnectionString_BrokenJson_ErrorDoesNotQuoteTheSecret()
    {
        var json = $$"""{"host":"db","username":"u","password":"{{Password}}",}""";

        var error = Assert.Throws<ConfigurationException>(() => DatabaseSecret.ToConnectionString(json, Setting, Description, new DatabaseSecretOptions()));

        Assert.Contains(Description, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void ToConnectionString_PlainConnectionString_KeptWithItsOwnSslModeAndAnApplicationName()
    {
        var value = $"Host=127.0.0.1;Port=55432;Database=vaultflow;Username=vaultflow_app;Password={Password};SSL Mode=Disable";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseSecret.ToConnectionString(value, Setting, Description, new DatabaseSecretOptions()));

        Assert.Equal(SslMode.Disable, builder.SslMode);
        Assert.Equal(Password, builder.Password);
        Assert.Equal("vaultflow", builder.ApplicationName);
    }

    [Fact]
    public void ToConnectionString_NotAConnectionString_ErrorDoesNotQuoteTheValue()
    {
        var error = Assert.Throws<ConfigurationException>(() => DatabaseSecret.ToConnectionString($"postgres://u:{Password}@db/vaultflow", Setting, Description, new DatabaseSecretOptions()));

        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.Contains("not shown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToConnectionString_NoHost_ConfigurationError()
    {
        var error = Assert.Throws<ConfigurationException>(() => DatabaseSecret.ToConnectionString($"Username=u;Password={Password}", Setting, Description, new DatabaseSecretOptions()));

        Assert.Contains("no Host", error.Message, StringComparison.Ordinal);
    }
}
