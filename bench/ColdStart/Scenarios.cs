using System.Security.Cryptography;
using Vaultflow.Lambda.Tests.Process;

namespace Vaultflow.Bench.ColdStart;

/// <summary>
/// The rows: the handlers' Starter (the function SQS cold-starts; its StartExecution answered by a
/// local stub), the handlers' GetRecord (a request that fails validation: the whole init and the
/// error path, no database), and the sample functions (the runtime without Vaultflow's services).
/// Every endpoint is on 127.0.0.1; nothing is contacted during init (Startup builds services lazily).
/// </summary>
internal static class Scenarios
{
    public static IReadOnlyList<Scenario> For(string handlersAot, string handlersJitDll, string sampleAot, string sampleJitDll, Uri stepFunctions)
    {
        // Port 9 (discard) on loopback: valid settings that no measured invocation contacts.
        const string unused = "http://127.0.0.1:9";
        var starter = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDCOLDSTART",
            ["AWS_SECRET_ACCESS_KEY"] = "coldstart-secret",
            ["AWS_ENDPOINT_URL_SFN"] = stepFunctions.ToString(),
            ["AWS_ENDPOINT_URL_SQS"] = unused,
            ["VAULTFLOW_STATE_MACHINE_ARN"] = "arn:aws:states:us-east-1:000000000000:stateMachine:coldstart",
            ["VAULTFLOW_DLQ_URL"] = unused + "/000000000000/coldstart-dlq",
        };
        var getRecord = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["VAULTFLOW_DB"] = "Host=127.0.0.1;Port=9;Database=coldstart;Username=coldstart;Password=coldstart",
            ["VAULTFLOW_RAW_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["VAULTFLOW_BLIND_INDEX_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        var scenarios = new List<Scenario>
        {
            new(
                "starter",
                "handlers/ bootstrap, Starter: a 1-record SQS event -> one StartExecution (local stub) -> batch response",
                new Variant("aot", handlersAot, null, starter),
                new Variant("jit", "dotnet", handlersJitDll, starter),
                "Starter",
                Events.SqsBatch(1, Events.IngestMessage),
                RuntimeApiReplyKind.Response,
                "\"batchItemFailures\":[]",
                "Starter",
                Events.SqsBatch(10, Events.IngestMessage)),
            new(
                "getRecord",
                "handlers/ bootstrap, GetRecord: {\"id\":\"not-a-uuid\"} -> Vaultflow.InvalidMessage error (no database contacted)",
                new Variant("aot", handlersAot, null, getRecord),
                new Variant("jit", "dotnet", handlersJitDll, getRecord),
                "GetRecord",
                "{\"id\":\"not-a-uuid\"}",
                RuntimeApiReplyKind.Error,
                "invalid-field",
                null,
                null),
        };
        if (File.Exists(sampleAot))
        {
            var none = new Dictionary<string, string>();
            scenarios.Add(new(
                "sample",
                "tests/Vaultflow.Lambda.SampleFunctions bootstrap (the runtime alone), Echo; batch: SqsBatch",
                new Variant("aot", sampleAot, null, none),
                new Variant("jit", "dotnet", sampleJitDll, none),
                "Echo",
                "{\"message\":\"cold\"}",
                RuntimeApiReplyKind.Response,
                "cold",
                "SqsBatch",
                Events.SqsBatch(10, Events.SampleBody)));
        }

        return scenarios;
    }
}
