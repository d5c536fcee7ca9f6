extern alias handlers;

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Configuration;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;
using Vaultflow.IntegrationTests.Workflow;
using Vaultflow.Lambda.Hosting;
using HandlerFunctions = handlers::Vaultflow.Generated.LambdaFunctions;

namespace Vaultflow.IntegrationTests.Corpus;

/// <summary>
/// The real handlers (generated dispatcher, services wired by Startup) over the real database, the local
/// SQS and the local Step Functions, with their own DLQ and a Pass state machine, so one test sees only
/// its own executions and parked messages.
/// </summary>
internal sealed class CorpusStack : IAsyncDisposable
{
    private CorpusStack(ILambdaFunctionDispatcher dispatcher, StepFunctionsClient sfn, string dlqUrl, string stateMachineArn, IReadOnlyDictionary<string, string> settings)
    {
        Dispatcher = dispatcher;
        Sfn = sfn;
        DlqUrl = dlqUrl;
        StateMachineArn = stateMachineArn;
        Settings = settings;
    }

    public ILambdaFunctionDispatcher Dispatcher { get; }

    public StepFunctionsClient Sfn { get; }

    public string DlqUrl { get; }

    public string StateMachineArn { get; }

    /// <summary>The environment the handlers run with (holds the raw key, the blind-index key and the DB password).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static async Task<CorpusStack> StartAsync(PostgresFixture postgres, LocalSqsFixture sqs, LocalStepFunctionsFixture sfnFixture, ILoggerProvider? logs = null)
    {
        var dlqUrl = await sqs.CreateQueueAsync("corpus-dlq");
        var ingestUrl = await sqs.CreateQueueAsync("corpus-ingest");
        var sfn = sfnFixture.Client();
        var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest(
            "corpus-" + Guid.NewGuid().ToString("N")[..12],
            """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""",
            "arn:aws:iam::000000000000:role/local"));
        var settings = new Dictionary<string, string>
        {
            [SettingNames.Region] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDVAULTFLOWLOCAL",
            ["AWS_SECRET_ACCESS_KEY"] = "vaultflow-local-secret",
            ["AWS_ENDPOINT_URL_SQS"] = sqs.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SFN"] = sfnFixture.Endpoint.ToString(),
            [SettingNames.Database] = postgres.Database.AppConnectionString,
            [SettingNames.RawKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.BlindIndexKey] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [SettingNames.DlqUrl] = dlqUrl,
            [SettingNames.IngestQueueUrl] = ingestUrl,
            [SettingNames.StateMachineArn] = machine.StateMachineArn,
        };
        var environment = new DictionaryEnvironmentVariables(settings);
        var dispatcher = HandlerFunctions.CreateDispatcher(services =>
        {
            services.AddSingleton<IEnvironmentVariables>(environment);
            if (logs is not null)
            {
                services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            }
        });
        return new CorpusStack(dispatcher, sfn, dlqUrl, machine.StateMachineArn, settings);
    }

    public async Task<string> InvokeAsync(string function, string payload) => await InvokeAsync(function, Encoding.UTF8.GetBytes(payload));

    public async Task<string> InvokeAsync(string function, byte[] payload) =>
        Encoding.UTF8.GetString(await Dispatcher.InvokeAsync(function, payload, new TestLambdaContext(function), CancellationToken.None));

    /// <summary>The execution of this stack's state machine with that name (throws when there is none).</summary>
    public Task<DescribeExecutionResponse> DescribeAsync(string executionName) =>
        Sfn.DescribeExecutionAsync(StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName);

    /// <summary>
    /// Receives the one message the current case parked and checks it is the one for <paramref name="id"/>
    /// (its vf-origin-id, or its DLQ message id): a leftover of another case fails the test.
    /// </summary>
    public async Task<Amazon.SQS.Model.Message> ReceiveParkedAsync(LocalSqsFixture sqs, string id, bool byDlqMessageId = false)
    {
        var received = await sqs.ReceiveAsync(DlqUrl, 1);
        var message = Assert.Single(received);
        Assert.Equal(id, byDlqMessageId ? message.MessageId : message.MessageAttributes[Core.Routing.MessageAttributeNames.OriginId].StringValue);
        return message;
    }

    public async Task<IReadOnlyList<ExecutionListItem>> ExecutionsAsync() =>
        (await Sfn.ListExecutionsAsync(new ListExecutionsRequest(StateMachineArn))).Executions;

    /// <summary>Dedupe -> Encrypt -> Persist as the state machine chains them; the Persist output's recordId.</summary>
    public async Task<Guid> RunWorkflowAsync(string executionInput)
    {
        var name = "corpus-" + Guid.NewGuid().ToString("N");
        var quoted = JsonSerializer.Serialize(name, WorkflowTestJson.Default.String);
        var deduped = await InvokeAsync("Dedupe", "{\"input\":" + executionInput + ",\"executionName\":" + quoted + "}");
        using (var state = JsonDocument.Parse(deduped))
        {
            Assert.False(state.RootElement.GetProperty("duplicate").GetBoolean());
        }

        var encrypted = await InvokeAsync("Encrypt", "{\"workflow\":" + deduped + ",\"executionName\":" + quoted + "}");
        using var persisted = JsonDocument.Parse(await InvokeAsync("Persist", "{\"workflow\":" + encrypted + ",\"executionName\":" + quoted + "}"));
        Assert.True(persisted.RootElement.GetProperty("inserted").GetBoolean());
        return persisted.RootElement.GetProperty("recordId").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        Sfn.Dispose();
        await ((IAsyncDisposable)Dispatcher).DisposeAsync();
    }
}
