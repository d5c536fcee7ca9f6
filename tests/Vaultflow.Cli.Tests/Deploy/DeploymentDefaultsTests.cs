using System.Text.Json.Nodes;
using static Vaultflow.Cli.Tests.Deploy.RepositoryTemplate;

namespace Vaultflow.Cli.Tests.Deploy;

/// <summary>aws-lambda-tools-defaults.json matches serverless.template (scripts/deploy reads it).</summary>
public sealed class DeploymentDefaultsTests
{
    private static JsonObject Defaults() => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "aws-lambda-tools-defaults.json")))!.AsObject();

    private static Dictionary<string, string> TemplateParameters() => Defaults()["template-parameters"]!.GetValue<string>()
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    [Fact]
    public void Defaults_HaveTheFieldsLambdaToolsAndScriptsDeployRead()
    {
        var defaults = Defaults();

        foreach (var field in new[] { "profile", "region", "configuration", "template", "stack-name", "s3-bucket", "s3-prefix", "template-parameters" })
        {
            Assert.True(defaults.ContainsKey(field), $"aws-lambda-tools-defaults.json has no '{field}'");
        }

        Assert.Equal("serverless.template", defaults["template"]!.GetValue<string>());
        Assert.Equal("Release", defaults["configuration"]!.GetValue<string>());
    }

    [Fact]
    public void TemplateParameters_NameEveryNonSecretTemplateParameterAndNothingElse()
    {
        var parameters = Load()["Parameters"]!.AsObject();
        var secret = parameters.Where(p => p.Value!["NoEcho"]?.GetValue<bool>() == true).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var listed = TemplateParameters();

        Assert.Empty(listed.Keys.Except(parameters.Select(p => p.Key)));
        Assert.Empty(listed.Keys.Intersect(secret));
        Assert.Equal(parameters.Select(p => p.Key).Except(secret).Order(), listed.Keys.Order());
        foreach (var (name, value) in listed.Where(l => l.Value.Length > 0))
        {
            var parameter = parameters[name]!;
            if (parameter["AllowedValues"] is JsonArray allowed)
            {
                Assert.Contains(value, allowed.Select(a => a!.ToString()));
            }

            Assert.True(parameter["Default"] is null || parameter["Default"]!.ToString() == value, $"{name}={value} differs from the template's Default {parameter["Default"]}: keep one source of the default");
        }
    }
}
