using System.Globalization;
using System.Text;

namespace Vaultflow.Core.Storage.Migrations;

/// <summary>
/// The migrations compiled into Vaultflow.Core from Storage/Migrations/NNNN_name.sql (embedded as
/// <c>Vaultflow.Migrations.NNNN_name.sql</c>). Manifest resources survive trimming and Native AOT.
/// </summary>
public static class EmbeddedMigrations
{
    private const string ResourcePrefix = "Vaultflow.Migrations.";
    private const string ResourceSuffix = ".sql";

    /// <summary>Every embedded migration, ordered by version.</summary>
    public static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(EmbeddedMigrations).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration '{resource}' is listed but cannot be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var (version, name) = ParseFileName(fileName);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    /// <summary>Splits <c>0001_initial_schema</c> into version 1 and name <c>initial_schema</c>.</summary>
    internal static (int Version, string Name) ParseFileName(string fileName)
    {
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0
            || separator == fileName.Length - 1
            || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version <= 0)
        {
            throw new InvalidOperationException(
                $"Migration file '{fileName}.sql' is misnamed: name migrations NNNN_description.sql with a positive version, e.g. 0002_add_index.sql.");
        }

        return (version, fileName[(separator + 1)..]);
    }
}
