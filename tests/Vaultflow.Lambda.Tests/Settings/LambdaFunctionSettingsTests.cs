using Vaultflow.Lambda.Settings;
using Vaultflow.Lambda.Tests.Fakes;

namespace Vaultflow.Lambda.Tests.Settings;

public sealed class LambdaFunctionSettingsTests
{
    [Fact]
    public void Read_AllVariablesSet_MapsEachOne()
    {
        var environment = new FakeEnvironment(new Dictionary<string, string>
        {
            [LambdaEnvironmentVariables.FunctionName] = "Starter",
            [LambdaEnvironmentVariables.FunctionVersion] = "12",
            [LambdaEnvironmentVariables.FunctionMemorySize] = "512",
            [LambdaEnvironmentVariables.LogGroupName] = "/aws/lambda/Starter",
            [LambdaEnvironmentVariables.LogStreamName] = "stream",
            [LambdaEnvironmentVariables.Region] = "eu-central-1",
        });

        var settings = LambdaFunctionSettings.Read(environment);

        Assert.Equal(new LambdaFunctionSettings("Starter", "12", 512, "/aws/lambda/Starter", "stream", "eu-central-1"), settings);
    }

    [Fact]
    public void Read_NothingSet_UsesLatestAndEmptyValues()
    {
        var settings = LambdaFunctionSettings.Read(new FakeEnvironment());

        Assert.Equal("$LATEST", settings.FunctionVersion);
        Assert.Equal(0, settings.MemoryLimitInMB);
        Assert.Equal(string.Empty, settings.FunctionName);
    }
}
