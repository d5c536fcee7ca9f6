using System.Globalization;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Configuration;

/// <summary>
/// Vaultflow's settings, read once at start-up from the environment. Loading checks what can be
/// checked without a network call (formats, ranges, contradictions); each function then states
/// what it needs with <see cref="Require"/>, so a missing setting fails at cold start with the
/// variable's name instead of at the first message.
/// </summary>
public sealed record VaultflowSettings
{
    public required string Region { get; init; }

    public string? StateMachineArn { get; init; }

    public string? IngestQueueUrl { get; init; }

    public string? DlqUrl { get; init; }

    public string? KmsKeyId { get; init; }

    /// <summary>Base64 of a 256-bit key (the raw AES keyring), when KMS is not used.</summary>
    public string? RawKey { get; init; }

    public string? RawKeyFile { get; init; }

    public string? BlindIndexKey { get; init; }

    /// <summary>Locally, during a rotation: the blind-index key being rotated out (searches also use it).</summary>
    public string? BlindIndexPreviousKey { get; init; }

    /// <summary>The Secrets Manager secret with the blind-index key (Lambda: read once per cold start through the Parameters and Secrets extension).</summary>
    public string? BlindIndexKeySecretId { get; init; }

    public string? DatabaseConnectionString { get; init; }

    /// <summary>The Secrets Manager secret with the database credentials (Lambda: read through the Parameters and Secrets extension).</summary>
    public string? DatabaseSecretId { get; init; }

    /// <summary>How long the database secret stays in memory before it is read again.</summary>
    public TimeSpan DatabaseSecretTtl { get; init; } = TimeSpan.FromMinutes(5);

    public int MaxReplays { get; init; } = 3;

    public int MaxHops { get; init; } = 16;

    /// <summary>Names the application in the KMS encryption context; fixed per deployment.</summary>
    public string Application { get; init; } = "vaultflow";

    /// <summary>False turns the data-key cache off (strict rotation regimes).</summary>
    public bool DataKeyCacheEnabled { get; init; } = true;

    public static VaultflowSettings Load(IEnvironmentVariables env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var settings = new VaultflowSettings
        {
            Region = Optional(env, SettingNames.Region) ?? Optional(env, SettingNames.DefaultRegion)
                ?? throw new ConfigurationException(SettingNames.Region, "AWS_REGION is not set. Set it to the region Vaultflow runs in (Lambda sets it for you; locally, scripts/run-local writes it to .vaultflow/local.json)."),
            StateMachineArn = Optional(env, SettingNames.StateMachineArn),
            IngestQueueUrl = Optional(env, SettingNames.IngestQueueUrl),
            DlqUrl = Optional(env, SettingNames.DlqUrl),
            KmsKeyId = Optional(env, SettingNames.KmsKeyId),
            RawKey = Optional(env, SettingNames.RawKey),
            RawKeyFile = Optional(env, SettingNames.RawKeyFile),
            BlindIndexKey = Optional(env, SettingNames.BlindIndexKey),
            BlindIndexPreviousKey = Optional(env, SettingNames.BlindIndexPreviousKey),
            BlindIndexKeySecretId = Optional(env, SettingNames.BlindIndexKeySecretId),
            DatabaseConnectionString = Optional(env, SettingNames.Database),
            DatabaseSecretId = Optional(env, SettingNames.DatabaseSecretId),
            DatabaseSecretTtl = TimeSpan.FromSeconds(Int(env, SettingNames.DatabaseSecretTtl, 300, min: 0, max: 86400)),
            MaxReplays = Int(env, SettingNames.MaxReplays, 3, min: 0, max: 100),
            MaxHops = Int(env, SettingNames.MaxHops, 16, min: 1, max: 1000),
            Application = Optional(env, SettingNames.Application) ?? "vaultflow",
            DataKeyCacheEnabled = Bool(env, SettingNames.DataKeyCache, true),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first of <paramref name="settings"/> that is not set.</summary>
    public VaultflowSettings Require(string component, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var name in settings)
        {
            if (name == SettingNames.KmsKeyId)
            {
                if (KmsKeyId is null && RawKey is null && RawKeyFile is null)
                {
                    throw new ConfigurationException(name, $"{component} needs an encryption key: set {SettingNames.KmsKeyId} (a KMS key id, ARN or alias) or, without KMS, {SettingNames.RawKey} / {SettingNames.RawKeyFile} (a base64 256-bit key).");
                }

                continue;
            }

            if (name == SettingNames.Database)
            {
                if (DatabaseConnectionString is null && DatabaseSecretId is null)
                {
                    throw new ConfigurationException(name, $"{component} needs the database: set {SettingNames.DatabaseSecretId} (the Secrets Manager secret, read through the Parameters and Secrets extension on Lambda) or, locally, {SettingNames.Database} (an Npgsql connection string).");
                }

                continue;
            }

            if (name == SettingNames.BlindIndexKey)
            {
                if (BlindIndexKey is null && BlindIndexKeySecretId is null)
                {
                    throw new ConfigurationException(name, $"{component} needs the blind-index key: set {SettingNames.BlindIndexKeySecretId} (the Secrets Manager secret, read through the Parameters and Secrets extension on Lambda) or, locally, {SettingNames.BlindIndexKey} (a base64 key of 32 to 64 bytes).");
                }

                continue;
            }

            if (Value(name) is null)
            {
                throw new ConfigurationException(name, $"{component} needs {name}, which is not set. See the configuration table in the README.");
            }
        }

        return this;
    }

    private string? Value(string name) => name switch
    {
        SettingNames.StateMachineArn => StateMachineArn,
        SettingNames.IngestQueueUrl => IngestQueueUrl,
        SettingNames.DlqUrl => DlqUrl,
        SettingNames.Database => DatabaseConnectionString,
        SettingNames.Region => Region,
        _ => throw new ArgumentException($"'{name}' is not a setting Require knows.", nameof(name)),
    };

    private void Validate()
    {
        if (KmsKeyId is not null && (RawKey is not null || RawKeyFile is not null))
        {
            throw new ConfigurationException(SettingNames.KmsKeyId, $"Both {SettingNames.KmsKeyId} and a raw key ({SettingNames.RawKey}/{SettingNames.RawKeyFile}) are set: choose one keyring, so records are never encrypted under a key you did not mean.");
        }

        if (DatabaseConnectionString is not null && DatabaseSecretId is not null)
        {
            throw new ConfigurationException(SettingNames.DatabaseSecretId, $"Both {SettingNames.DatabaseSecretId} and {SettingNames.Database} are set: keep one, so Vaultflow never connects with credentials you did not mean ({SettingNames.DatabaseSecretId} on Lambda, {SettingNames.Database} locally).");
        }

        if (BlindIndexKey is not null && BlindIndexKeySecretId is not null)
        {
            throw new ConfigurationException(SettingNames.BlindIndexKeySecretId, $"Both {SettingNames.BlindIndexKeySecretId} and {SettingNames.BlindIndexKey} are set: keep one, so records are never indexed under a key you did not mean ({SettingNames.BlindIndexKeySecretId} on Lambda, {SettingNames.BlindIndexKey} locally).");
        }

        if (BlindIndexPreviousKey is not null && BlindIndexKeySecretId is not null)
        {
            throw new ConfigurationException(SettingNames.BlindIndexPreviousKey, $"Both {SettingNames.BlindIndexKeySecretId} and {SettingNames.BlindIndexPreviousKey} are set: with the secret, put the previous key in the secret's \"previous\" field and unset {SettingNames.BlindIndexPreviousKey} ({SettingNames.BlindIndexPreviousKey} is for local runs next to {SettingNames.BlindIndexKey}).");
        }

        if (RawKey is not null && RawKeyFile is not null)
        {
            throw new ConfigurationException(SettingNames.RawKey, $"Both {SettingNames.RawKey} and {SettingNames.RawKeyFile} are set: keep one.");
        }

        foreach (var (name, url) in new[] { (SettingNames.IngestQueueUrl, IngestQueueUrl), (SettingNames.DlqUrl, DlqUrl) })
        {
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw new ConfigurationException(name, $"{name} '{url}' is not a queue URL; expected e.g. https://sqs.{Region}.amazonaws.com/123456789012/vaultflow-ingest.");
            }
        }

        // A DLQ that is also the ingest queue would feed every failure straight back in: a loop.
        if (DlqUrl is not null && IngestQueueUrl is not null && SameQueue(DlqUrl, IngestQueueUrl))
        {
            throw new ConfigurationException(SettingNames.DlqUrl, $"{SettingNames.DlqUrl} is the ingest queue ({IngestQueueUrl}). Failures would be re-ingested in a loop: point it at the dead-letter queue.");
        }

        if (StateMachineArn is not null && !StateMachineArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            throw new ConfigurationException(SettingNames.StateMachineArn, $"{SettingNames.StateMachineArn} '{StateMachineArn}' is not an ARN; expected arn:aws:states:<region>:<account>:stateMachine:<name>.");
        }
    }

    /// <summary>Queue URLs name the same queue when account and name match, whatever the host spelling.</summary>
    public static bool SameQueue(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        static string Tail(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.AbsolutePath.TrimEnd('/') : url.TrimEnd('/');
        return string.Equals(Tail(a), Tail(b), StringComparison.Ordinal);
    }

    private static string? Optional(IEnvironmentVariables env, string name)
    {
        var value = env.Get(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static int Int(IEnvironmentVariables env, string name, int fallback, int min, int max)
    {
        var raw = Optional(env, name);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ConfigurationException(name, $"{name} is '{raw}'; it must be a whole number from {min} to {max} (default {fallback}).");
        }

        return value;
    }

    private static bool Bool(IEnvironmentVariables env, string name, bool fallback)
    {
        var raw = Optional(env, name);
        return raw?.ToUpperInvariant() switch
        {
            null => fallback,
            "1" or "TRUE" or "ON" or "YES" => true,
            "0" or "FALSE" or "OFF" or "NO" => false,
            _ => throw new ConfigurationException(name, $"{name} is '{raw}'; use true or false."),
        };
    }
}
