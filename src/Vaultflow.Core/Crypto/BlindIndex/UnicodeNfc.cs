using System.Collections.Frozen;
using System.Text;

namespace Vaultflow.Core.Crypto.BlindIndex;

/// <summary>
/// Unicode Normalization Form C from Vaultflow's own tables (<see cref="UnicodeNfcData"/>), because
/// <see cref="string.Normalize()"/> returns its input unchanged under InvariantGlobalization, which
/// Vaultflow's AOT builds use. A blind index must come out the same on every host, so it cannot depend
/// on whether ICU happens to be loaded. Algorithm: full canonical decomposition, canonical ordering,
/// canonical composition (UAX #15), with Hangul handled arithmetically.
/// </summary>
internal static class UnicodeNfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly FrozenDictionary<int, (int First, int Second)> Decomposition;
    private static readonly FrozenDictionary<long, int> Composition;
    private static readonly FrozenDictionary<int, int> CombiningClass;

#pragma warning disable CA1810 // Tables are built once from spans; an initializer per field would walk the data three times.
    static UnicodeNfc()
#pragma warning restore CA1810
    {
        var decomposition = new Dictionary<int, (int, int)>();
        var composition = new Dictionary<long, int>();
        var data = UnicodeNfcData.Decompositions;
        for (var i = 0; i < data.Length; i += 4)
        {
            decomposition[data[i]] = (data[i + 1], data[i + 2]);
            if (data[i + 3] == 1)
            {
                composition[Pair(data[i + 1], data[i + 2])] = data[i];
            }
        }

        var classes = new Dictionary<int, int>();
        var ccc = UnicodeNfcData.CombiningClasses;
        for (var i = 0; i < ccc.Length; i += 2)
        {
            classes[ccc[i]] = ccc[i + 1];
        }

        Decomposition = decomposition.ToFrozenDictionary();
        Composition = composition.ToFrozenDictionary();
        CombiningClass = classes.ToFrozenDictionary();
    }

    public static string Normalize(string value)
    {
        if (Ascii.IsValid(value))
        {
            return value;
        }

        var codePoints = new List<int>(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            Decompose(rune.Value, codePoints);
        }

        Reorder(codePoints);
        Compose(codePoints);
        var builder = new StringBuilder(value.Length);
        foreach (var cp in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }

        return builder.ToString();
    }

    private static long Pair(int first, int second) => ((long)first << 21) | (uint)second;

    private static int Ccc(int cp) => CombiningClass.TryGetValue(cp, out var c) ? c : 0;

    private static void Decompose(int cp, List<int> output)
    {
        var sIndex = cp - SBase;
        if (sIndex is >= 0 and < SCount)
        {
            output.Add(LBase + (sIndex / NCount));
            output.Add(VBase + (sIndex % NCount / TCount));
            if (sIndex % TCount != 0)
            {
                output.Add(TBase + (sIndex % TCount));
            }

            return;
        }

        if (Decomposition.TryGetValue(cp, out var parts))
        {
            Decompose(parts.First, output);
            if (parts.Second != 0)
            {
                Decompose(parts.Second, output);
            }

            return;
        }

        output.Add(cp);
    }

    /// <summary>Stable sort of every run of non-starters by combining class.</summary>
    private static void Reorder(List<int> cps)
    {
        for (var i = 1; i < cps.Count; i++)
        {
            var cc = Ccc(cps[i]);
            if (cc == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && Ccc(cps[j - 1]) > cc)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> cps)
    {
        if (cps.Count == 0)
        {
            return;
        }

        var result = new List<int>(cps.Count) { cps[0] };
        var starterIndex = Ccc(cps[0]) == 0 ? 0 : -1;
        var lastClass = starterIndex == 0 ? 0 : 256;
        for (var i = 1; i < cps.Count; i++)
        {
            var cp = cps[i];
            var cc = Ccc(cp);
            if (starterIndex >= 0 && (lastClass < cc || lastClass == 0) && TryCompose(result[starterIndex], cp, out var composite))
            {
                result[starterIndex] = composite;
                continue;
            }

            if (cc == 0)
            {
                starterIndex = result.Count;
            }

            lastClass = cc;
            result.Add(cp);
        }

        cps.Clear();
        cps.AddRange(result);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        var lIndex = first - LBase;
        var vIndex = second - VBase;
        if (lIndex is >= 0 and < LCount && vIndex is >= 0 and < VCount)
        {
            composite = SBase + (((lIndex * VCount) + vIndex) * TCount);
            return true;
        }

        var sIndex = first - SBase;
        var tIndex = second - TBase;
        if (sIndex is >= 0 and < SCount && sIndex % TCount == 0 && tIndex is > 0 and < TCount)
        {
            composite = first + tIndex;
            return true;
        }

        return Composition.TryGetValue(Pair(first, second), out composite);
    }
}
