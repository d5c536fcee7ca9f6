using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vaultflow.Local.Kms.Keys;

/// <summary>
/// Reads and writes the key store file. Writes go to a 0600 temporary file in the same folder that is
/// then renamed over the old one, so a crash never leaves a half-written store and the material is
/// never readable by other users, not even for a moment.
/// </summary>
internal sealed partial class KeyStoreFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly ILogger _logger;

    public KeyStoreFile(string path, ILogger logger)
    {
        Path = System.IO.Path.GetFullPath(path);
        _logger = logger;
    }

    public string Path { get; }

    public KeyStoreDocument? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(Path);
            if ((mode & ~OwnerReadWrite) != 0)
            {
                // Key material readable by others: tighten instead of refusing, and say so.
                File.SetUnixFileMode(Path, OwnerReadWrite);
                LogPermissionsTightened(_logger, Path, mode);
            }
        }

        using var stream = File.OpenRead(Path);
        try
        {
            var document = JsonSerializer.Deserialize(stream, KeyStoreJsonContext.Default.KeyStoreDocument)
                ?? throw new InvalidDataException($"The local KMS key store '{Path}' is empty. Delete it to start with no keys (old ciphertexts will no longer decrypt).");
            if (document.Version != 1)
            {
                throw new InvalidDataException($"The local KMS key store '{Path}' has version {document.Version}; this build reads version 1.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The local KMS key store '{Path}' is not valid JSON ({e.Message}). Restore it from a backup, or delete it to start with no keys (old ciphertexts will no longer decrypt).", e);
        }
    }

    public void Save(KeyStoreDocument document)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
        }

        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, document, KeyStoreJsonContext.Default.KeyStoreDocument);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local KMS key store {Path} had mode {Mode}; tightened to 0600")]
    private static partial void LogPermissionsTightened(ILogger logger, string path, UnixFileMode mode);
}
