namespace Vaultflow.Local.Kms.Keys;

// The key store file's shape (version 1). Key material is base64; the file is 0600 and local-only.

internal sealed class KeyStoreDocument
{
    public int Version { get; set; } = 1;

    public List<StoredKey> Keys { get; set; } = [];

    public List<StoredAlias> Aliases { get; set; } = [];
}

internal sealed class StoredKey
{
    public required Guid KeyId { get; set; }

    public required byte[] Material { get; set; }

    public required DateTimeOffset CreationDate { get; set; }

    public string Description { get; set; } = "";

    public bool Enabled { get; set; } = true;
}

internal sealed class StoredAlias
{
    public required string AliasName { get; set; }

    public required Guid TargetKeyId { get; set; }

    public required DateTimeOffset CreationDate { get; set; }

    public required DateTimeOffset LastUpdatedDate { get; set; }
}
