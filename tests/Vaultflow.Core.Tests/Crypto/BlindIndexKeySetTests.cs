using Vaultflow.Core.Configuration;
using Vaultflow.Core.Crypto.BlindIndex;
using Vaultflow.Core.Crypto.Keyrings;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Tests.Crypto.Fakes;

namespace Vaultflow.Core.Tests.Crypto;

/// <summary>The current and previous blind-index keys: which indexes a search looks under, and the local (variables) form.</summary>
public sealed class BlindIndexKeySetTests
{
    private static readonly byte[] NewKey = TestKeys.Key(0x51);
    private static readonly byte[] OldKey = TestKeys.Key(0x52);

    [Fact]
    public void ComputeAll_CurrentOnly_IsTheCurrentIndexAlone()
    {
        using var current = new BlindIndexer(NewKey);
        using var set = new BlindIndexKeySet(new BlindIndexer(NewKey));

        Assert.Equal([current.Compute("email", "ada@example.com")], set.ComputeAll("email", "ada@example.com"));
        Assert.Null(set.Previous);
    }

    [Fact]
    public void ComputeAll_DuringRotation_IsCurrentThenPreviousNormalisedTheSame()
    {
        using var current = new BlindIndexer(NewKey);
        using var previous = new BlindIndexer(OldKey);
        using var set = new BlindIndexKeySet(new BlindIndexer(NewKey), new BlindIndexer(OldKey));

        var all = set.ComputeAll("email", "  Ada@Example.com ");

        Assert.Equal([current.Compute("email", "ada@example.com"), previous.Compute("email", "ada@example.com")], all);
    }

    [Fact]
    public void ComputeAll_PreviousEqualToCurrent_GivesOneIndex()
    {
        using var set = new BlindIndexKeySet(new BlindIndexer(NewKey), new BlindIndexer(NewKey));

        Assert.Single(set.ComputeAll("email", "ada@example.com"));
    }

    [Fact]
    public void Constructor_KeysOfDifferentLengths_Throws()
    {
        using var current = new BlindIndexer(NewKey, lengthBits: 14);
        using var previous = new BlindIndexer(OldKey, lengthBits: 16);

        Assert.Throws<ArgumentException>(() => new BlindIndexKeySet(current, previous));
    }

    [Fact]
    public void Dispose_ZeroesBothKeys()
    {
        var current = new BlindIndexer(NewKey);
        var previous = new BlindIndexer(OldKey);
        new BlindIndexKeySet(current, previous).Dispose();

        Assert.Throws<ObjectDisposedException>(() => current.Compute("email", "a@b.com"));
        Assert.Throws<ObjectDisposedException>(() => previous.Compute("email", "a@b.com"));
    }

    [Fact]
    public void Load_WithoutPreviousVariable_HoldsTheCurrentKeyOnly()
    {
        var environment = new FakeKeyMaterialEnvironment();
        environment.Variables[SettingNames.BlindIndexKey] = Convert.ToBase64String(NewKey);
        using var expected = new BlindIndexer(NewKey);

        using var set = BlindIndexKeyLoader.Load(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey), environment);

        Assert.Null(set.Previous);
        Assert.Equal(expected.Compute("email", "a@b.com"), set.Current.Compute("email", "a@b.com"));
    }

    [Fact]
    public void Load_WithPreviousVariable_HoldsBothKeys()
    {
        var environment = new FakeKeyMaterialEnvironment();
        environment.Variables[SettingNames.BlindIndexKey] = Convert.ToBase64String(NewKey);
        environment.Variables[SettingNames.BlindIndexPreviousKey] = Convert.ToBase64String(OldKey);
        using var expectedOld = new BlindIndexer(OldKey);

        using var set = BlindIndexKeyLoader.Load(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey), environment);

        Assert.NotNull(set.Previous);
        Assert.Equal(expectedOld.Compute("email", "a@b.com"), set.Previous.Compute("email", "a@b.com"));
        Assert.Equal(2, set.ComputeAll("email", "a@b.com").Count);
    }

    [Fact]
    public void Load_PreviousVariableNotAKey_NamesThatVariableButNotTheValue()
    {
        var environment = new FakeKeyMaterialEnvironment();
        environment.Variables[SettingNames.BlindIndexKey] = Convert.ToBase64String(NewKey);
        environment.Variables[SettingNames.BlindIndexPreviousKey] = "c2hvcnQta2V5";

        var error = Assert.Throws<ConfigurationException>(() => BlindIndexKeyLoader.Load(KeyMaterialSource.FromEnvironment(SettingNames.BlindIndexKey), environment));

        Assert.Equal(SettingNames.BlindIndexPreviousKey, error.Setting);
        Assert.DoesNotContain("c2hvcnQta2V5", error.Message, StringComparison.Ordinal);
    }
}
