using System.Text;

namespace Vaultflow.Cli.Template;

/// <summary>The fixed names template sync writes and recognises.</summary>
internal static class TemplateConventions
{
    public const string FunctionType = "AWS::Serverless::Function";
    public const string Runtime = "provided.al2023";
    public const string SamTransform = "AWS::Serverless-2016-10-31";
    public const string ArchitectureParameter = "Architecture";
    public const string DefaultArchitecture = "arm64";
    public const string MetadataKey = "Vaultflow";
    public const string OwnerKey = "Owner";
    public const string OwnerValue = "template-sync";
    public const string FunctionKey = "Function";

    /// <summary>Logical ids are alphanumeric: "ingest-starter" becomes "IngestStarterFunction".</summary>
    public static string LogicalId(string functionName) => Pascal(functionName) + "Function";

    /// <summary>The condition a "@Parameter" filter pattern is guarded by: "StarterFilterPatternIsSet" for "StarterFilterPattern".</summary>
    public static string ParameterIsSetCondition(string parameter) => parameter + "IsSet";

    /// <summary>The SQS event's key under Properties.Events: "StarterQueue" for function "Starter".</summary>
    public static string QueueEventKey(string functionName) => Pascal(functionName) + "Queue";

    private static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
