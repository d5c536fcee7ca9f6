using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vaultflow.Core.Storage.Migrations;

/// <summary>
/// One versioned SQL migration. The checksum is SHA-256 over the UTF-8 text with line endings
/// normalised to LF and any BOM removed, so a checkout with CRLF line endings does not look edited.
/// </summary>
public sealed class Migration
{
    public Migration(int version, string name, string sql)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Version = version;
        Name = name;
        Sql = sql;
        Checksum = ComputeChecksum(sql);
    }

    public int Version { get; }

    public string Name { get; }

    public string Sql { get; }

    /// <summary>Lower-case hex SHA-256 of the normalised text.</summary>
    public string Checksum { get; }

    /// <summary>The file name without extension, e.g. <c>0001_initial_schema</c>.</summary>
    public string DisplayName => Version.ToString("D4", CultureInfo.InvariantCulture) + "_" + Name;

    public override string ToString() => DisplayName;

    internal static string ComputeChecksum(string sql)
    {
        var normalised = sql.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
