using System.Net;
using System.Text;
using System.Text.Json;
using Vaultflow.Lambda.Bootstrap;
using Vaultflow.Lambda.Settings;
using Vaultflow.Lambda.Tests.Fakes;

namespace Vaultflow.Lambda.Tests.Bootstrap;

/// <summary>The loop in process, over an in-memory Runtime API transport (no sockets).</summary>
public sealed class LambdaBootstrapTests
{
    [Fact]
    public async Task RunAsync_NoRuntimeApiVariable_ExitsWithNoRuntimeApi()
    {
        using var output = new MemoryStream();

        var exit = await LambdaBootstrap.RunAsync(
            new DelegateDispatcher((_, _) => []),
            new LambdaBootstrapOptions { Environment = new FakeEnvironment(), Output = output });

        Assert.Equal(LambdaExitCodes.NoRuntimeApi, exit);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RuntimeApiFailsOnNext_ExitsWithRuntimeApiFailed()
    {
        using var handler = new ScriptedRuntimeApiHandler();

        var exit = await Run(handler, new DelegateDispatcher((_, _) => []));

        Assert.Equal(LambdaExitCodes.RuntimeApiFailed, exit);
        Assert.Empty(handler.Posts);
    }

    [Fact]
    public async Task RunAsync_ResponseRejected_PostsResponseRejectedError()
    {
        using var handler = new ScriptedRuntimeApiHandler("{}") { ResponseStatus = HttpStatusCode.RequestEntityTooLarge };

        await Run(handler, new DelegateDispatcher((_, _) => "{\"big\":true}"u8.ToArray()));

        var posts = handler.Posts.ToArray();
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", posts[0].Path);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/error", posts[1].Path);
        Assert.Equal("Runtime.ResponseRejected", posts[1].ErrorType);
        Assert.Contains("413", posts[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResolverNamesErrorType_HeaderAndPayloadUseIt()
    {
        using var handler = new ScriptedRuntimeApiHandler("{}");
        var options = new LambdaBootstrapOptions { ErrorTypeResolver = e => e is TimeoutException ? "Vaultflow.Transient" : null };

        await Run(handler, new DelegateDispatcher((_, _) => throw new TimeoutException("db slow")), options);

        var post = Assert.Single(handler.Posts);
        Assert.Equal("Vaultflow.Transient", post.ErrorType);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal("Vaultflow.Transient", body.RootElement.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task RunAsync_FunctionCountsAndLogs_EmitsLogLineWithRequestIdThenOneEmfLine()
    {
        using var handler = new ScriptedRuntimeApiHandler("{}", "{}");
        using var output = new MemoryStream();
        var dispatcher = new DelegateDispatcher((_, context) =>
        {
            context.Metrics.Increment("Handled");
            Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(context.Logger, "handling");
            return "{}"u8.ToArray();
        });

        await Run(handler, dispatcher, new LambdaBootstrapOptions { Output = output });

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        var logs = lines.Where(l => l.TryGetProperty("message", out var m) && m.GetString() == "handling").ToArray();
        Assert.Equal(["req-1", "req-2"], logs.Select(l => l.GetProperty("requestId").GetString()!).ToArray());
        var emf = lines.Where(l => l.TryGetProperty("_aws", out _)).ToArray();
        Assert.Equal(2, emf.Length);
        Assert.All(emf, e => Assert.Equal(1, e.GetProperty("Handled").GetInt64()));
    }

    private static Task<int> Run(ScriptedRuntimeApiHandler handler, DelegateDispatcher dispatcher, LambdaBootstrapOptions? options = null)
    {
        var environment = new FakeEnvironment(new Dictionary<string, string>
        {
            [LambdaEnvironmentVariables.RuntimeApi] = "runtime.invalid:9001",
            [LambdaEnvironmentVariables.Handler] = "Test",
        });
        options ??= new LambdaBootstrapOptions();
        return LambdaBootstrap.RunAsync(
            dispatcher,
            options with { Environment = environment, RuntimeApiHandler = handler, Output = options.Output ?? Stream.Null });
    }
}
