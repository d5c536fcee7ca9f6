using System.Text.Json;
using Vaultflow.Core.Configuration;
using Vaultflow.Core.Errors;

namespace Vaultflow.Cli.Configuration;

/// <summary>
/// <c>&lt;state-dir&gt;/local.json</c>, written by <c>vaultflow local up</c>: the endpoints and resource
/// names of the running local stack, mapped onto the same variable names the AWS path reads.
/// </summary>
internal static class LocalStackFile
{
    public const string FileName = "local.json";

    /// <summary>local.json property -> the setting it stands for.</summary>
    private static readonly (string Property, string Setting)[] Mapping =
    [
        ("region", SettingNames.Region),
        ("sqsEndpoint", StackVariables.SqsEndpoint),
        ("sfnEndpoint", StackVariables.SfnEndpoint),
        ("kmsEndpoint", StackVariables.KmsEndpoint),
        ("ingestQueueUrl", SettingNames.IngestQueueUrl),
        ("dlqUrl", SettingNames.DlqUrl),
        ("stateMachineArn", SettingNames.StateMachineArn),
        ("kmsKeyId", SettingNames.KmsKeyId),
        ("postgres", SettingNames.Database),
        ("database", StackVariables.DatabaseName),
        ("blindIndexKey", SettingNames.BlindIndexKey),
        ("blindIndexKeyFile", StackVariables.BlindIndexKeyFile),
        ("rawKey", SettingNames.RawKey),
        ("rawKeyFile", SettingNames.RawKeyFile),
    ];

    /// <summary>Reads the file into setting name -> value (string properties only).</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, $"{path} cannot be read as JSON ({ex.GetType().Name}): restart the local stack with scripts/run-local to rewrite it, or delete it to use the AWS variables.");
        }

        using (document)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigurationException(path, $"{path} is not a JSON object: restart the local stack with scripts/run-local to rewrite it.");
            }

            foreach (var (property, setting) in Mapping)
            {
                if (document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    values[setting] = text;
                }
            }

            return values;
        }
    }
}
