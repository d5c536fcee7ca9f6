namespace Vaultflow.IntegrationTests.AwsCli;

/// <summary>A fact that is skipped, with the reason, when Debian's awscli is not installed (xunit 2 has no dynamic skip).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute()
    {
        if (!AwsCli.IsInstalled)
        {
            Skip = $"{AwsCli.Path} is missing: scripts/setup installs Debian's awscli (apt package awscli)";
        }
    }
}
