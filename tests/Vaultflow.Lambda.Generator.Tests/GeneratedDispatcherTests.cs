using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vaultflow.Generated;
using Vaultflow.Lambda.GeneratedSample;
using Vaultflow.Lambda.Generator.Tests.Harness;
using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Lambda.Generator.Tests;

/// <summary>End to end through the sample library's generated dispatcher: payload bytes in, bytes out.</summary>
public class GeneratedDispatcherTests
{
    private static readonly FakeLambdaContext Context = new();

    [Fact]
    public async Task InvokeAsync_StarterWithBatch_ReturnsBatchItemFailures()
    {
        using var dispatcher = (IDisposable)LambdaFunctions.CreateDispatcher();
        var payload = """{"Records":[{"messageId":"m1","body":"{\"type\":\"a\"}"},{"messageId":"m2","body":"not json"}]}""";

        var response = await Invoke((ILambdaFunctionDispatcher)dispatcher, "Starter", payload);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", response);
    }

    [Fact]
    public async Task InvokeAsync_DiFunctionTwice_NewScopePerInvocationSameSingleton()
    {
        var dispatcher = LambdaFunctions.CreateDispatcher();

        var first = await Greet(dispatcher, "Ada");
        var second = await Greet(dispatcher, "Grace");

        Assert.Equal("Hello, Ada", first.Message);
        Assert.NotEqual(first.ScopeId, second.ScopeId);
        Assert.Equal(first.CounterId, second.CounterId);
        Assert.Equal(1, first.Invocations);
        Assert.Equal(2, second.Invocations);
    }

    [Fact]
    public async Task CreateDispatcher_CalledTwice_EachHasItsOwnSingletons()
    {
        var a = await Greet(LambdaFunctions.CreateDispatcher(), "Ada");
        var b = await Greet(LambdaFunctions.CreateDispatcher(), "Ada");

        Assert.NotEqual(a.CounterId, b.CounterId);
        Assert.Equal(1, b.Invocations);
    }

    [Fact]
    public async Task CreateDispatcher_ConfigureCallback_RunsAfterStartupAndOverrides()
    {
        var counter = new InvocationCounter();
        var dispatcher = LambdaFunctions.CreateDispatcher(services => services.AddSingleton(counter));

        var response = await Greet(dispatcher, "Ada");

        Assert.Equal(counter.Id, response.CounterId);
    }

    [Fact]
    public async Task InvokeAsync_ScopedService_IsDisposedWhenInvocationEnds()
    {
        ScopedProbe? probe = null;
        var dispatcher = LambdaFunctions.CreateDispatcher(services => services.AddScoped(_ => probe = new ScopedProbe()));

        await Greet(dispatcher, "Ada");

        Assert.NotNull(probe);
        Assert.True(probe.Disposed);
    }

    [Fact]
    public async Task InvokeAsync_StaticFunction_SerializesResult()
    {
        var response = await Invoke(LambdaFunctions.CreateDispatcher(), "Add", """{"A":2,"B":40}""");

        Assert.Equal("42", response);
    }

    [Fact]
    public async Task InvokeAsync_VoidFunction_ReturnsEmptyResponse()
    {
        var bytes = await LambdaFunctions.CreateDispatcher().InvokeAsync("Ping", ReadOnlyMemory<byte>.Empty, Context, CancellationToken.None);

        Assert.Empty(bytes);
    }

    [Fact]
    public async Task InvokeAsync_UnknownName_ThrowsUnknownFunctionListingKnownOnes()
    {
        var error = await Assert.ThrowsAsync<UnknownFunctionException>(() => Invoke(LambdaFunctions.CreateDispatcher(), "Nope", "{}"));

        Assert.Equal("Nope", error.FunctionName);
        Assert.Contains("Add, Greeter, Ping, Starter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NullPayloadForRequiredInput_ThrowsJsonExceptionNamingFunction()
    {
        var error = await Assert.ThrowsAsync<JsonException>(() => Invoke(LambdaFunctions.CreateDispatcher(), "Add", "null"));

        Assert.Contains("'Add'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_HandlerThrows_FaultsTheTask()
    {
        var task = Invoke(LambdaFunctions.CreateDispatcher(), "Add", """{"A":2147483647,"B":1}""");

        await Assert.ThrowsAsync<OverflowException>(() => task);
    }

    [Fact]
    public async Task InvokeAsync_CancelledToken_ReachesTheHandler()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var payload = Encoding.UTF8.GetBytes("""{"Name":"Ada"}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => LambdaFunctions.CreateDispatcher().InvokeAsync("Greeter", payload, Context, cancelled.Token));
    }

    [Fact]
    public void Manifest_SampleFunctions_SortedWithDeclaredSettings()
    {
        Assert.Equal(["Add", "Greeter", "Ping", "Starter"], LambdaFunctions.Manifest.Select(f => f.Name));
        var starter = LambdaFunctions.Manifest.Single(f => f.Name == "Starter");
        Assert.Equal(256, starter.MemorySize);
        Assert.Equal(30, starter.Timeout);
        Assert.Equal("@IngestQueue", starter.SqsEvent!.Queue);
        Assert.Equal(10, starter.SqsEvent.BatchSize);
        Assert.Equal(["AWSLambdaBasicExecutionRole"], LambdaFunctions.Manifest.Single(f => f.Name == "Greeter").Policies);
        Assert.Same(LambdaFunctions.Manifest, LambdaFunctions.CreateDispatcher().Functions);
    }

    [Fact]
    public void ManifestJson_Sample_MatchesManifestAndIsStable()
    {
        using var document = JsonDocument.Parse(LambdaFunctions.ManifestJson);
        var root = document.RootElement;

        Assert.Equal(1, root.GetProperty("version").GetInt32());
        var names = root.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("name").GetString());
        Assert.Equal(LambdaFunctions.Manifest.Select(f => f.Name), names);
        Assert.Contains(
            """{"name":"Starter","memorySize":256,"timeout":30,"policies":[],"sqsEvent":{"queue":"@IngestQueue","batchSize":10,"maximumBatchingWindowInSeconds":0,"maximumConcurrency":0,"filterPatterns":[]}}""",
            LambdaFunctions.ManifestJson,
            StringComparison.Ordinal);
    }

    private static async Task<GreetingResponse> Greet(ILambdaFunctionDispatcher dispatcher, string name)
    {
        var json = await Invoke(dispatcher, "Greeter", $$"""{"Name":"{{name}}"}""");
        return JsonSerializer.Deserialize(json, SampleJsonContext.Default.GreetingResponse)!;
    }

    private static async Task<string> Invoke(ILambdaFunctionDispatcher dispatcher, string name, string payload)
    {
        var bytes = await dispatcher.InvokeAsync(name, Encoding.UTF8.GetBytes(payload), Context, CancellationToken.None);
        return Encoding.UTF8.GetString(bytes);
    }
}
