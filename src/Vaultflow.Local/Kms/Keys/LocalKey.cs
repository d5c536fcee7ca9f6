namespace Vaultflow.Local.Kms.Keys;

/// <summary>A symmetric KMS key of the stand-in: 256 bits of AES key material and its metadata.</summary>
internal sealed class LocalKey
{
    public LocalKey(Guid id, byte[] material, DateTimeOffset creationDate, string description, bool enabled)
    {
        if (material.Length != MaterialSize)
        {
            throw new ArgumentException($"Key material must be {MaterialSize} bytes.", nameof(material));
        }

        Id = id;
        Material = material;
        CreationDate = creationDate;
        Description = description;
        Enabled = enabled;
    }

    public const int MaterialSize = 32;

    public Guid Id { get; }

    /// <summary>Never leaves the process except into the 0600 key store file.</summary>
    public byte[] Material { get; }

    public DateTimeOffset CreationDate { get; }

    public string Description { get; }

    public bool Enabled { get; }
}

/// <summary>An alias (<c>alias/...</c>) pointing at a key.</summary>
internal sealed record LocalAlias(string Name, Guid TargetKeyId, DateTimeOffset CreationDate, DateTimeOffset LastUpdatedDate);
