using Vaultflow.Core.Crypto.BlindIndex;

namespace Vaultflow.Core.Tests.Crypto;

public sealed class SearchValueNormalizerTests
{
    // Expected values computed with Python's unicodedata.normalize("NFC", ...).
    [Theory]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("\u212B", "\u00e5")]
    [InlineData("A\u030A", "\u00e5")]
    [InlineData("\u1100\u1161", "\uAC00")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("a\u0302\u0323", "\u1EAD")]
    [InlineData("\u0301a", "\u0301a")]
    [InlineData("\u0915\u093C", "\u0915\u093C")]
    [InlineData("  Stra\u00DFe ", "stra\u00DFe")]
    [InlineData(" A@B.com ", "a@b.com")]
    public void Normalize_Input_TrimmedNfcLowerInvariant(string input, string expected) =>
        Assert.Equal(expected, SearchValueNormalizer.Normalize(input));

    [Fact]
    public void Normalize_RuntimeNormalizeIsNoOpUnderInvariantGlobalization_OwnTablesStillCompose()
    {
        // Documents why Vaultflow carries its own NFC tables: with InvariantGlobalization (set for every
        // project), string.Normalize leaves combining sequences alone.
        Assert.Equal("e\u0301", "e\u0301".Normalize());
        Assert.Equal("\u00e9", SearchValueNormalizer.Normalize("e\u0301"));
    }
}
