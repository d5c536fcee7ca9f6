using System.Net;
using System.Net.Sockets;

namespace Vaultflow.IntegrationTests.LocalStack;

/// <summary>Each test runs a stack of its own: starting and stopping is what they check.</summary>
public sealed class LocalStackLifecycleTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task LocalUp_Signal_StopsEveryChildAndRemovesLocalJson(string signal)
    {
        await using var stack = await LocalStackProcess.StartAsync();
        var children = stack.ChildProcessIds();
        Assert.Equal(2, children.Count(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("-server.mjs", StringComparison.Ordinal)));

        await stack.SignalAsync(signal);
        await stack.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, stack.Process.ExitCode);
        Assert.All(children, pid => Assert.False(ProcessTree.IsAlive(pid), $"child {pid} still runs"));
        Assert.False(File.Exists(stack.DescriptionPath));
        Assert.Contains("local stack stopped.", stack.Output);
    }

    [Fact]
    public async Task LocalUp_Killed_NodeChildrenExitWithTheirParent()
    {
        await using var stack = await LocalStackProcess.StartAsync();
        var children = stack.ChildProcessIds();

        stack.Process.Kill(entireProcessTree: false);
        await stack.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (children.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.All(children, pid => Assert.False(ProcessTree.IsAlive(pid), $"orphan {pid} still runs"));
    }

    [Fact]
    public async Task LocalUp_ChildDies_StopsTheStackAndSaysWhich()
    {
        await using var stack = await LocalStackProcess.StartAsync();
        var children = stack.ChildProcessIds();
        var sfn = children.Single(pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("sfn-server.mjs", StringComparison.Ordinal));

        System.Diagnostics.Process.GetProcessById(sfn).Kill();
        await stack.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, stack.Process.ExitCode);
        Assert.Contains(stack.Output, line => line.Contains("sfn-server.mjs", StringComparison.Ordinal) && line.Contains("exited on its own", StringComparison.Ordinal));
        Assert.All(children, pid => Assert.False(ProcessTree.IsAlive(pid), $"child {pid} still runs"));
    }

    [Fact]
    public async Task LocalUp_PortInUse_FailsNamingThePortAndTheFix()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var (exitCode, output) = await LocalStackProcess.RunToFailureAsync(TimeSpan.FromSeconds(60), "--ports-from", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exitCode);
        Assert.Contains($"port {port} (SQS) on 127.0.0.1 is in use", output, StringComparison.Ordinal);
        Assert.Contains("--ports-from", output, StringComparison.Ordinal);
    }
}
