using System.Text.Json;
using Vaultflow.IntegrationTests.Demo;
using Vaultflow.Local.Stack;

namespace Vaultflow.IntegrationTests.AwsCli;

/// <summary>Debian's awscli (/usr/bin/aws, installed by scripts/setup) pointed at the local stack, run as a child process.</summary>
public static class AwsCli
{
    public const string Path = "/usr/bin/aws";

    public static bool IsInstalled => File.Exists(Path);

    /// <summary>Runs <c>aws ARGS --output json</c> with dummy credentials and the stack's region; fails the test on a non-zero exit.</summary>
    public static async Task<JsonDocument> RunAsync(LocalStackDescription stack, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(
            Path,
            [.. arguments, "--output", "json"],
            new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLELOCAL",
                ["AWS_SECRET_ACCESS_KEY"] = "local-dummy-secret",
                ["AWS_DEFAULT_REGION"] = stack.Region,
                ["AWS_PAGER"] = string.Empty,
                // Nothing from the developer's own AWS setup may leak into the test.
                ["AWS_CONFIG_FILE"] = "/dev/null",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            },
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {result}");
        return JsonDocument.Parse(result.Stdout);
    }
}
