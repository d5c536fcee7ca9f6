using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Vaultflow.Aws.Secrets;
using Vaultflow.Core.Configuration;
using static Vaultflow.Cli.Tests.Deploy.RepositoryTemplate;

namespace Vaultflow.Cli.Tests.Deploy;

/// <summary>
/// The blind-index key in serverless.template: a Secrets Manager secret the stack generates, encrypted
/// with the project key and retained; readable only by the functions that compute or search the index
/// (Encrypt, GetRecord: handlers/Hosting/FunctionRequirements), and nowhere in any function's environment.
/// </summary>
public sealed class BlindIndexKeySecretTemplateTests
{
    private const string SecretId = "BlindIndexKeySecret";
    private const string SecretRef = """{"Ref":"BlindIndexKeySecret"}""";
    private static readonly string[] Readers = ["EncryptFunction", "GetRecordFunction"];

    [Fact]
    public void Secret_IsGeneratedEncryptedWithTheProjectKeyAndRetained()
    {
        var secret = Resources(Load())[SecretId]!;

        Assert.Equal("AWS::SecretsManager::Secret", secret["Type"]!.GetValue<string>());
        Assert.Equal("Retain", secret["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("Retain", secret["UpdateReplacePolicy"]!.GetValue<string>());
        var properties = secret["Properties"]!;
        Assert.Equal("""{"Fn::GetAtt":["ProjectKey","Arn"]}""", properties["KmsKeyId"]!.ToJsonString());
        Assert.Null(properties["SecretString"]);
        Assert.Null(properties["Name"]);
    }

    [Fact]
    public void GenerateSecretString_EveryValueItCanProduce_IsAKeyTheFunctionsAccept()
    {
        var generator = Resources(Load())[SecretId]!["Properties"]!["GenerateSecretString"]!.AsObject();
        Assert.Equal("{}", generator["SecretStringTemplate"]!.GetValue<string>());
        Assert.Equal(BlindIndexKeySecret.KeyField, generator["GenerateStringKey"]!.GetValue<string>());
        Assert.True(generator["ExcludePunctuation"]!.GetValue<bool>());
        Assert.False(generator["IncludeSpace"]?.GetValue<bool>() ?? false);
        var length = generator["PasswordLength"]!.GetValue<int>();

        // With punctuation and spaces excluded Secrets Manager draws from [A-Za-z0-9] (all base64 digits); a
        // length divisible by 4 then always decodes, and 64 characters give 48 bytes (about 381 bits).
        Assert.Equal(0, length % 4);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        foreach (var value in new[] { new string('z', length), new string('0', length), RandomNumberGenerator.GetString(alphabet, length) })
        {
            var secret = new JsonObject { [BlindIndexKeySecret.KeyField] = value }.ToJsonString();
            Assert.Equal(length / 4 * 3, BlindIndexKeySecret.ToKey(secret, SettingNames.BlindIndexKeySecretId, "generated secret").Length);
        }

        foreach (var narrowing in new[] { "ExcludeCharacters", "ExcludeLowercase", "ExcludeUppercase", "ExcludeNumbers" })
        {
            Assert.False(generator.ContainsKey(narrowing), $"{narrowing} narrows the alphabet the entropy estimate assumes");
        }
    }

    [Fact]
    public void Functions_OnlyEncryptAndGetRecord_GetTheSecretIdAndMayReadIt()
    {
        var template = Load();
        foreach (var (id, function) in OfType(template, FunctionType))
        {
            var reads = Readers.Contains(id);
            var variables = function["Properties"]!["Environment"]?["Variables"];
            Assert.Equal(reads ? SecretRef : null, variables?[SettingNames.BlindIndexKeySecretId]?.ToJsonString());
            Assert.Null(variables?[SettingNames.BlindIndexKey]);

            var statements = Statements(function).ToList();
            var getSecret = statements.Where(s => Actions(s).Contains("secretsmanager:GetSecretValue") && s["Resource"]!.ToJsonString() == SecretRef).ToList();
            var decrypt = statements.Where(s => Actions(s).SequenceEqual(["kms:Decrypt"]) && s["Condition"]?["StringEquals"]?["kms:EncryptionContext:SecretARN"]?.ToJsonString() == SecretRef).ToList();
            Assert.True(reads == (getSecret.Count == 1), $"{id}: GetSecretValue on the blind-index key secret {(reads ? "missing" : "must not be granted")}");
            Assert.True(reads == (decrypt.Count == 1), $"{id}: kms:Decrypt for the blind-index key secret {(reads ? "missing" : "must not be granted")}");
            if (reads)
            {
                var statement = decrypt[0];
                Assert.Equal("""{"Fn::GetAtt":["ProjectKey","Arn"]}""", statement["Resource"]!.ToJsonString());
                Assert.Equal("""{"Fn::Sub":"secretsmanager.${AWS::Region}.amazonaws.com"}""", statement["Condition"]!["StringEquals"]!["kms:ViaService"]!.ToJsonString());
                Assert.Equal("""[{"Ref":"ParametersSecretsExtensionLayerArn"}]""", function["Properties"]!["Layers"]!.ToJsonString());
            }
        }
    }

    [Fact]
    public void Template_NoBlindIndexKeyParameterAndNoKeyInAnyEnvironment()
    {
        var template = Load();

        Assert.Null(template["Parameters"]!["BlindIndexKey"]);
        Assert.DoesNotContain(template["Parameters"]!.AsObject(), p => p.Value!["NoEcho"] is not null);
        Assert.Null(template["Globals"]!["Function"]!["Environment"]!["Variables"]![SettingNames.BlindIndexKey]);
        Assert.Null(template["Globals"]!["Function"]!["Environment"]!["Variables"]![SettingNames.BlindIndexKeySecretId]);
        Assert.Equal(SecretRef, template["Outputs"]!["BlindIndexKeySecretArn"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void StateMachineRole_CannotReadTheSecret()
    {
        var role = Resources(Load())["StateMachineRole"]!.ToJsonString();

        Assert.DoesNotContain(SecretId, role, StringComparison.Ordinal);
        Assert.DoesNotContain("secretsmanager", role, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Statements(JsonObject function) =>
        (function["Properties"]!["Policies"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(p => p.ContainsKey("Statement"))
            .SelectMany(p => p["Statement"]!.AsArray())
            .SelectMany(s => s!["Fn::If"] is JsonArray branches ? new[] { branches[1], branches[2] } : new[] { s })
            .OfType<JsonObject>()
            .Where(s => s.ContainsKey("Effect"));

    private static List<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray list => list.Select(a => a!.GetValue<string>()).ToList(),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };
}
