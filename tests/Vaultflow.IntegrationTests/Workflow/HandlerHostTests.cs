extern alias handlers;

using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;
using handlers::Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Settings;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>Cold-start validation: a function with missing settings fails its init, naming the variable.</summary>
public sealed class HandlerHostTests
{
    [Fact]
    public async Task CreateDispatcher_EncryptWithoutBlindIndexKey_FunctionsThrowNamingTheVariable()
    {
        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.Encrypt, Environment(without: SettingNames.BlindIndexKey));

        var error = Assert.Throws<ConfigurationException>(() => dispatcher.Functions);

        Assert.Equal(SettingNames.BlindIndexKey, error.Setting);
        Assert.Contains(SettingNames.BlindIndexKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDispatcher_DlqIsTheIngestQueue_InitErrorNamingTheDlq()
    {
        var values = Values();
        values[SettingNames.DlqUrl] = values[SettingNames.IngestQueueUrl];

        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.RouteFailure, new DictionaryEnvironmentVariables(values));

        Assert.Equal(SettingNames.DlqUrl, Assert.Throws<ConfigurationException>(() => dispatcher.Functions).Setting);
    }

    [Fact]
    public async Task CreateDispatcher_DedupeNeedsOnlyTheDatabase_ServesAllFunctions()
    {
        var values = new Dictionary<string, string> { [SettingNames.Region] = "us-east-1", [SettingNames.Database] = "Host=127.0.0.1;Database=x" };

        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.Dedupe, new DictionaryEnvironmentVariables(values));

        Assert.Equal(6, dispatcher.Functions.Count);
        var starter = await HandlerHost.CreateDispatcherAsync(FunctionNames.Starter, new DictionaryEnvironmentVariables(values));
        Assert.IsType<ConfigurationException>(Assert.Throws<ConfigurationException>(() => starter.Functions));
    }

    [Fact]
    public async Task Bootstrap_MissingSetting_PostsInitErrorNamingTheVariable()
    {
        var runtimeApi = new InitErrorRecorder();
        var lambdaEnvironment = new FixedEnvironment(new Dictionary<string, string?>
        {
            [LambdaEnvironmentVariables.RuntimeApi] = "127.0.0.1:9001",
            [LambdaEnvironmentVariables.Handler] = FunctionNames.Persist,
        });
        var dispatcher = await HandlerHost.CreateDispatcherAsync(FunctionNames.Persist, Environment(without: SettingNames.Database));

        var exitCode = await LambdaBootstrap.RunAsync(dispatcher, new LambdaBootstrapOptions
        {
            Environment = lambdaEnvironment,
            Output = Stream.Null,
            RuntimeApiHandler = runtimeApi,
            ErrorTypeResolver = HandlerErrors.ResolveErrorType,
        });

        Assert.Equal(LambdaExitCodes.InitError, exitCode);
        using var posted = JsonDocument.Parse(Assert.Single(runtimeApi.Bodies));
        Assert.Equal("Runtime.InitError", posted.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(SettingNames.Database, posted.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Values() => new()
    {
        [SettingNames.Region] = "us-east-1",
        [SettingNames.Database] = "Host=127.0.0.1;Database=x",
        [SettingNames.RawKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        [SettingNames.BlindIndexKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        [SettingNames.DlqUrl] = "http://127.0.0.1:1/000000000000/dlq",
        [SettingNames.IngestQueueUrl] = "http://127.0.0.1:1/000000000000/ingest",
        [SettingNames.StateMachineArn] = "arn:aws:states:us-east-1:000000000000:stateMachine:ingest",
    };

    private static DictionaryEnvironmentVariables Environment(string without)
    {
        var values = Values();
        values.Remove(without);
        return new DictionaryEnvironmentVariables(values);
    }

    private sealed class FixedEnvironment(Dictionary<string, string?> values) : IEnvironment
    {
        public string? GetVariable(string name) => values.GetValueOrDefault(name);

        public void SetVariable(string name, string? value) => values[name] = value;
    }

    /// <summary>A Runtime API that accepts only /runtime/init/error and records what was posted.</summary>
    private sealed class InitErrorRecorder : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/runtime/init/error", StringComparison.Ordinal))
            {
                Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
                return new HttpResponseMessage(HttpStatusCode.Accepted);
            }

            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }
    }
}
