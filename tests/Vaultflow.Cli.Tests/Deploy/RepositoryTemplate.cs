using System.Reflection;
using System.Text.Json.Nodes;

namespace Vaultflow.Cli.Tests.Deploy;

/// <summary>The repository's serverless.template (and the files around it) as JSON, for tests that read it as data.</summary>
internal static class RepositoryTemplate
{
    public const string FunctionType = "AWS::Serverless::Function";

    public static readonly string Root = FindRoot();

    public static readonly string TemplatePath = Path.Combine(Root, "serverless.template");

    public static readonly string HandlersDll = typeof(RepositoryTemplate).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "HandlersDll").Value!;

    /// <summary>The pseudo parameters CloudFormation defines for every stack.</summary>
    public static readonly IReadOnlySet<string> PseudoParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    };

    public static JsonObject Load() => JsonNode.Parse(File.ReadAllText(TemplatePath))!.AsObject();

    public static JsonObject Resources(JsonObject template) => template["Resources"]!.AsObject();

    public static IEnumerable<(string Id, JsonObject Resource)> OfType(JsonObject template, string type) =>
        Resources(template)
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>Every JSON object below <paramref name="node"/>, with its dotted path.</summary>
    public static IEnumerable<(string Path, JsonObject Node)> Objects(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (path, obj);
                foreach (var (key, child) in obj)
                {
                    foreach (var inner in Objects(child, path + "." + key))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in Objects(array[i], $"{path}[{i}]"))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                break;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vaultflow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vaultflow.slnx not found above the test binaries; run the tests from a checkout.");
    }
}
