using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Crypto.Fakes;

namespace Vaultflow.Core.Tests.Crypto;

public sealed class BlindIndexerTests
{
    private readonly BlindIndexer _indexer = new(TestKeys.Key(0x33), lengthBits: 32);

    [Fact]
    public void Compute_SameInput_SameIndex()
    {
        Assert.Equal(_indexer.Compute("email", "a@b.com"), _indexer.Compute("email", "a@b.com"));
        Assert.Equal(_indexer.Compute("email", "a@b.com"), new BlindIndexer(TestKeys.Key(0x33), 32).Compute("email", "a@b.com"));
    }

    [Fact]
    public void Compute_SpacesAndCase_NormalisedToSameIndex()
    {
        Assert.Equal(_indexer.Compute("email", "a@b.com"), _indexer.Compute("email", " A@B.com "));
        Assert.Equal(_indexer.Compute("email", "a@b.com"), _indexer.Compute("email", "\tA@b.COM\n"));
    }

    [Fact]
    public void Compute_DecomposedAndPrecomposedUnicode_SameIndex()
    {
        Assert.Equal(_indexer.Compute("email", "jos\u00e9@example.com"), _indexer.Compute("email", "JOSE\u0301@example.com"));
    }

    [Fact]
    public void Compute_DifferentValues_DifferentIndexes()
    {
        Assert.NotEqual(_indexer.Compute("email", "a@b.com"), _indexer.Compute("email", "a@b.co"));
    }

    [Fact]
    public void Compute_DifferentFields_DifferentIndexes()
    {
        Assert.NotEqual(_indexer.Compute("email", "a@b.com"), _indexer.Compute("username", "a@b.com"));
    }

    [Fact]
    public void Compute_DifferentKeys_DifferentIndexes()
    {
        var other = new BlindIndexer(TestKeys.Key(0x34), lengthBits: 32);

        Assert.NotEqual(_indexer.Compute("email", "a@b.com"), other.Compute("email", "a@b.com"));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(8, 2)]
    [InlineData(14, 4)]
    [InlineData(16, 4)]
    [InlineData(20, 6)]
    [InlineData(63, 16)]
    public void Compute_LengthBits_HonouredInHexWithSpareBitsZero(int bits, int hexLength)
    {
        var indexer = new BlindIndexer(TestKeys.Key(0x33), bits);
        var spareBits = (hexLength * 4) - bits;

        for (var i = 0; i < 200; i++)
        {
            var index = indexer.Compute("email", $"user{i}@example.com");

            Assert.Equal(hexLength, index.Length);
            Assert.Matches("^[0-9a-f]+$", index);
            var value = Convert.ToUInt64(index, 16);
            Assert.Equal(0UL, value & ((1UL << spareBits) - 1));
        }
    }

    [Fact]
    public void Compute_ShortLength_CollidesAsDesigned()
    {
        var indexer = new BlindIndexer(TestKeys.Key(0x33), lengthBits: 4);

        var distinct = Enumerable.Range(0, 200).Select(i => indexer.Compute("email", $"user{i}@example.com")).Distinct().Count();

        Assert.InRange(distinct, 2, 16);
    }

    [Fact]
    public void Compute_Default_Is14BitsPrefixOfLongerIndex()
    {
        var defaultIndexer = new BlindIndexer(TestKeys.Key(0x33));
        var full = _indexer.Compute("email", "a@b.com");
        var truncated = defaultIndexer.Compute("email", "a@b.com");

        Assert.Equal(14, defaultIndexer.LengthBits);
        Assert.Equal(full[..3], truncated[..3]);
        Assert.Equal(Convert.ToInt32(full[3..4], 16) & 0xC, Convert.ToInt32(truncated[3..4], 16));
    }

    [Theory]
    [InlineData(31, 14)]
    [InlineData(65, 14)]
    [InlineData(32, 0)]
    [InlineData(32, 64)]
    public void Constructor_InvalidKeyOrLength_Throws(int keyLength, int bits) =>
        Assert.ThrowsAny<ArgumentException>(() => new BlindIndexer(TestKeys.Key(1, keyLength), bits));

    [Fact]
    public void Compute_AfterDispose_ThrowsInsteadOfUsingZeroKey()
    {
        var indexer = new BlindIndexer(TestKeys.Key(0x33));
        indexer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => indexer.Compute("email", "a@b.com"));
    }

    [Fact]
    public void Load_KeyTooShort_NamesVariable()
    {
        var environment = new FakeKeyMaterialEnvironment();
        environment.Variables["VF_INDEX_KEY"] = Convert.ToBase64String(TestKeys.Key(1, 16));

        var error = Assert.Throws<ConfigurationException>(
            () => BlindIndexer.Load(new BlindIndexOptions(KeyMaterialSource.FromEnvironment("VF_INDEX_KEY")), environment));

        Assert.Equal("VF_INDEX_KEY", error.Setting);
        Assert.Contains("32 to 64 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidKey_ComputesSameAsConstructor()
    {
        var environment = new FakeKeyMaterialEnvironment();
        environment.Variables["VF_INDEX_KEY"] = Convert.ToBase64String(TestKeys.Key(0x33));

        using var loaded = BlindIndexer.Load(new BlindIndexOptions(KeyMaterialSource.FromEnvironment("VF_INDEX_KEY"), 32), environment);

        Assert.Equal(_indexer.Compute("email", "a@b.com"), loaded.Compute("email", "a@b.com"));
    }
}
