using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.Keyrings;

namespace Vaultflow.Core.Tests.Crypto.Fakes;

/// <summary>Fixed, obviously-test key material and contexts.</summary>
internal static class TestKeys
{
    public static byte[] Key(byte fill, int length = 32) => Enumerable.Repeat(fill, length).ToArray();

    public static RawAesKeyring Keyring(string name = "test", byte fill = 0x11) => new(name, Key(fill));

    public static EncryptionContext Context(string purpose = "records") => EncryptionContext.ForApplication("vaultflow-tests", purpose);
}
