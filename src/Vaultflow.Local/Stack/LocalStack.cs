using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Aws.StepFunctions;
using Vaultflow.Core.Errors;
using Vaultflow.Lambda.Hosting;
using Vaultflow.Lambda.LocalInvoke;
using Vaultflow.Local.EventSourceMapping;
using Vaultflow.Local.Kms;

namespace Vaultflow.Local.Stack;

/// <summary>
/// The whole workflow on one machine, on 127.0.0.1 only, started in dependency order: PostgreSQL (database
/// created and migrated), SQS (node local/sqs-server.mjs; ingest queue + DLQ with a redrive policy), KMS (in
/// process), the Lambda Invoke endpoint hosting the functions, Step Functions (node local/sfn-server.mjs, the
/// state machine from statemachine/ingest.asl.json), and the SQS event-source-mapping pollers. When ready it
/// writes &lt;state-dir&gt;/local.json. Disposing stops everything in reverse order and kills the children.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    public const string AccountId = "000000000000";
    public const string KmsAlias = "alias/vaultflow-local";
    public const string IngestQueueName = "vaultflow-ingest";
    public const string DeadLetterQueueName = "vaultflow-dlq";
    public const string StateMachineName = "vaultflow-ingest";

    /// <summary>Dummy credentials: the local endpoints do not verify signatures, but the SDKs insist on signing.</summary>
    public const string AccessKeyId = "AKIAVAULTFLOWLOCAL00";
    public const string SecretAccessKey = "vaultflow-local-secret-not-a-secret";

    private readonly List<(string Name, Func<ValueTask> Stop)> _stops = [];
    private readonly List<Task<string>> _children = [];
    private readonly ILogger _logger;

    private LocalStack(ILogger logger)
    {
        _logger = logger;
    }

    /// <summary>What local.json holds.</summary>
    public LocalStackDescription Description { get; private set; } = null!;

    public string DescriptionPath { get; private set; } = null!;

    /// <summary>The settings handed to the functions (also useful to tests and the CLI).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>The in-process KMS (its fault switch is also served at /_vaultflow/kms/faults).</summary>
    public LocalKmsServer Kms { get; private set; } = null!;

    /// <summary>The Lambda Invoke endpoint hosting the functions (its crash switch is also served at /_vaultflow/lambda/faults).</summary>
    public LocalInvokeServer Lambda { get; private set; } = null!;

    public IReadOnlyList<SqsEventSourceMapping> EventSourceMappings { get; private set; } = [];

    /// <summary>Completes, describing what happened, if a child server (SQS, Step Functions) exits while the stack runs.</summary>
    public Task<string> ChildExited => Task.WhenAny(_children).Unwrap();

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var stack = new LocalStack(loggerFactory.CreateLogger<LocalStack>());
        try
        {
            await stack.StartComponentsAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartComponentsAsync(LocalStackOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var ports = LocalStackPorts.Resolve(options.PortsFrom);
        Directory.CreateDirectory(options.StateDirectory);
        var region = options.Region;
        var template = StackTemplate.Load(Path.Combine(options.RepoRoot, "serverless.template"));
        var credentials = new BasicAWSCredentials(AccessKeyId, SecretAccessKey);
        var childEnvironment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        };

        // 1. PostgreSQL
        var postgres = await PostgresProvisioner.ProvisionAsync(options, _logger, cancellationToken).ConfigureAwait(false);
        StackLog.Step(_logger, "postgres", $"database {options.Database} migrated");

        // 2. SQS
        var sqsServer = await NodeServer.StartAsync(options.RepoRoot, "sqs-server.mjs", ports.Sqs, childEnvironment, options.StepTimeout, _logger, cancellationToken).ConfigureAwait(false);
        _stops.Add(("SQS", sqsServer.DisposeAsync));
        _children.Add(sqsServer.Exited);
        var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = sqsServer.Endpoint.ToString(), AuthenticationRegion = region });
        _stops.Add(("SQS client", () => { sqs.Dispose(); return ValueTask.CompletedTask; }));
        var queues = await QueueProvisioner.CreateAsync(sqs, sqsServer.Endpoint, region, template.MaxReceiveCount, options.VisibilityTimeoutSeconds, cancellationToken).ConfigureAwait(false);
        StackLog.Step(_logger, "sqs", $"{queues.IngestUrl} (maxReceiveCount {template.MaxReceiveCount}) -> {queues.DeadLetterUrl}");

        // 3. KMS
        Kms = await LocalKmsServer.StartAsync(
            new LocalKmsOptions
            {
                Port = ports.Kms,
                Region = region,
                AccountId = AccountId,
                KeyStorePath = Path.Combine(options.StateDirectory, "kms-keys.json"),
                BootstrapAlias = KmsAlias,
                LoggerFactory = loggerFactory,
            },
            cancellationToken).ConfigureAwait(false);
        _stops.Add(("KMS", Kms.DisposeAsync));

        // 4. The blind-index key, generated once.
        var blindIndexKeyFile = Path.Combine(options.StateDirectory, "blind-index.key");
        var blindIndexKey = SecretFile.LoadOrCreateBase64Key(blindIndexKeyFile);

        // 5. The functions behind the Lambda Invoke endpoint.
        var lambdaEndpoint = $"http://127.0.0.1:{ports.Lambda}/";
        var sfnEndpoint = $"http://127.0.0.1:{ports.StepFunctions}/";
        var stateMachineArn = $"arn:aws:states:{region}:{AccountId}:stateMachine:{StateMachineName}";
        Settings = new Dictionary<string, string>(childEnvironment, StringComparer.Ordinal)
        {
            ["VAULTFLOW_INGEST_QUEUE_URL"] = queues.IngestUrl,
            ["VAULTFLOW_DLQ_URL"] = queues.DeadLetterUrl,
            ["VAULTFLOW_STATE_MACHINE_ARN"] = stateMachineArn,
            ["VAULTFLOW_KMS_KEY_ID"] = KmsAlias,
            ["VAULTFLOW_DB"] = postgres,
            ["VAULTFLOW_BLIND_INDEX_KEY"] = blindIndexKey,
            ["AWS_ENDPOINT_URL_SQS"] = sqsServer.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SFN"] = sfnEndpoint,
            ["AWS_ENDPOINT_URL_KMS"] = Kms.Uri.ToString(),
            ["AWS_ENDPOINT_URL_LAMBDA"] = lambdaEndpoint,
        };
        var dispatcher = options.CreateDispatcher(Settings);
        _stops.Add(("functions", () => dispatcher is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask));
        LocalInvokeServer invoke;
        try
        {
            invoke = await LocalInvokeServer.StartAsync(
                dispatcher,
                new LocalInvokeOptions
                {
                    Port = ports.Lambda,
                    Region = region,
                    AccountId = AccountId,
                    ErrorTypeResolver = e => (e as VaultflowException)?.ErrorType,
                    LoggerProvider = options.FunctionLogs,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new LocalStackException($"port {ports.Lambda} (Lambda) on 127.0.0.1 is in use: stop the other stack or pass --ports-from.", e);
        }

        _stops.Add(("Lambda Invoke endpoint", invoke.DisposeAsync));
        Lambda = invoke;

        // 6. Step Functions, calling the functions through the Invoke endpoint.
        var sfnServer = await NodeServer.StartAsync(
            options.RepoRoot,
            "sfn-server.mjs",
            ports.StepFunctions,
            new Dictionary<string, string>(childEnvironment) { ["AWS_ENDPOINT_URL_LAMBDA"] = invoke.BaseAddress.ToString() },
            options.StepTimeout,
            _logger,
            cancellationToken).ConfigureAwait(false);
        _stops.Add(("Step Functions", sfnServer.DisposeAsync));
        _children.Add(sfnServer.Exited);
        var aslPath = Path.Combine(options.RepoRoot, "statemachine", "ingest.asl.json");
        var definition = LocalDefinition.Adapt(template.Substitute(await File.ReadAllTextAsync(aslPath, cancellationToken).ConfigureAwait(false), region, AccountId));
        using (var sfn = new StepFunctionsClient(new StepFunctionsClientOptions(region, sfnServer.Endpoint, credentials)))
        {
            var created = await sfn.CreateStateMachineAsync(
                new CreateStateMachineRequest(StateMachineName, definition, $"arn:aws:iam::{AccountId}:role/vaultflow-local-states"),
                cancellationToken).ConfigureAwait(false);
            stateMachineArn = created.StateMachineArn;
        }

        StackLog.Step(_logger, "stepfunctions", $"{stateMachineArn} from {aslPath}");

        // 7. The event source mappings.
        var mappings = new List<SqsEventSourceMapping>();
        foreach (var function in dispatcher.Functions)
        {
            if (function.SqsEvent is not { } source)
            {
                continue;
            }

            if (queues.Resolve(source.Queue) is not { } queue)
            {
                StackLog.UnknownQueue(_logger, function.Name, source.Queue);
                continue;
            }

            // "@Parameter" patterns are template parameters, empty by default: only literal ones are worth a warning.
            var literalFilters = source.FilterPatterns.Count(p => !p.StartsWith('@'));
            if (literalFilters > 0)
            {
                StackLog.FiltersIgnored(_logger, function.Name, literalFilters);
            }

            var mapping = SqsEventSourceMapping.Start(sqs, new SqsEventSourceOptions
            {
                FunctionName = function.Name,
                QueueUrl = queue.Url,
                QueueArn = queue.Arn,
                LambdaEndpoint = invoke.BaseAddress,
                Region = region,
                BatchSize = source.BatchSize,
                BatchingWindow = TimeSpan.FromSeconds(source.MaximumBatchingWindowInSeconds),
                Concurrency = source.MaximumConcurrency > 0 ? Math.Min(source.MaximumConcurrency, 4) : 2,
                LoggerFactory = loggerFactory,
            });
            mappings.Add(mapping);
            _stops.Add(($"poller {function.Name}", mapping.DisposeAsync));
        }

        EventSourceMappings = mappings;

        // 8. Ready.
        Description = new LocalStackDescription
        {
            Region = region,
            SqsEndpoint = sqsServer.Endpoint.ToString(),
            SfnEndpoint = sfnServer.Endpoint.ToString(),
            KmsEndpoint = Kms.Uri.ToString(),
            LambdaEndpoint = invoke.BaseAddress.ToString(),
            IngestQueueUrl = queues.IngestUrl,
            DlqUrl = queues.DeadLetterUrl,
            StateMachineArn = stateMachineArn,
            KmsKeyId = KmsAlias,
            Postgres = postgres,
            Database = options.Database,
            BlindIndexKeyFile = blindIndexKeyFile,
            Pid = Environment.ProcessId,
        };
        DescriptionPath = Path.Combine(options.StateDirectory, "local.json");
        WriteDescription(DescriptionPath, Description);
        _stops.Add(("local.json", () => { File.Delete(DescriptionPath); return ValueTask.CompletedTask; }));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _stops.Count - 1; i >= 0; i--)
        {
            try
            {
                await _stops[i].Stop().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Stopping goes on past one component's failure, so no child is left running.
            catch (Exception e)
#pragma warning restore CA1031
            {
                StackLog.StopFailed(_logger, e, _stops[i].Name);
            }
        }

        _stops.Clear();
    }

    private static void WriteDescription(string path, LocalStackDescription description)
    {
        // It holds the app role's password: owner-only, written whole then renamed into place.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, description, LocalStackJsonContext.Default.LocalStackDescription);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
