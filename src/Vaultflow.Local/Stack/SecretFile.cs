using System.Security.Cryptography;

namespace Vaultflow.Local.Stack;

/// <summary>A random key generated once and kept in a file only its owner can read (0600).</summary>
internal static class SecretFile
{
    /// <summary>Returns the base64 key in <paramref name="path"/>, creating it (32 random bytes) the first time.</summary>
    public static string LoadOrCreateBase64Key(string path, int bytes = 32)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            try
            {
                if (Convert.FromBase64String(existing).Length >= bytes)
                {
                    return existing;
                }
            }
            catch (FormatException)
            {
            }

            throw new LocalStackException($"{path} does not hold a base64 key of {bytes} bytes. Restore it from a backup, or delete it to generate a new one (records indexed with the old key will no longer be found by search).");
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key);
        }

        return key;
    }
}
