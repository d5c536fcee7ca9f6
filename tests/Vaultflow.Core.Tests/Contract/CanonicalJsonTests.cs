using System.Text.Json;
using Vaultflow.Core.Contract;
using Vaultflow.Core.Errors;

namespace Vaultflow.Core.Tests.Contract;

public class CanonicalJsonTests
{
    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CanonicalJson.SerializeToString(document.RootElement);
    }

    [Fact]
    public void Serialize_ReorderedKeysAndWhitespace_SameBytes()
    {
        var a = Canonical("{\"b\":[1,{\"y\":true,\"x\":null}],\"a\":\"s\"}");
        var b = Canonical("{\n  \"a\" : \"s\",\n  \"b\" : [ 1 , { \"x\" : null , \"y\" : true } ]\n}");

        Assert.Equal("{\"a\":\"s\",\"b\":[1,{\"x\":null,\"y\":true}]}", a);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("{\"a\":1}", "{\"a\":2}")]
    [InlineData("{\"a\":\"1\"}", "{\"a\":1}")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("{\"a\":null}", "{}")]
    [InlineData("{\"a\":9007199254740992}", "{\"a\":9007199254740990}")]
    public void Serialize_DifferentValues_DifferentBytes(string left, string right)
    {
        Assert.NotEqual(Canonical(left), Canonical(right));
    }

    [Fact]
    public void Serialize_KeysSortedByUtf16CodeUnits_AsRfc8785()
    {
        // RFC 8785 section 3.2.3's example: U+1F600 (surrogates D83D DE00) sorts before U+FB33.
        var json = "{\"\\u20ac\":1,\"\\r\":2,\"\\ufb33\":3,\"1\":4,\"\\ud83d\\ude00\":5,\"\\u0080\":6,\"\\u00f6\":7}";

        Assert.Equal("{\"\\r\":2,\"1\":4,\"\u0080\":6,\"\u00f6\":7,\"\u20ac\":1,\"\ud83d\ude00\":5,\"\ufb33\":3}", Canonical(json));
    }

    [Fact]
    public void Serialize_Strings_MinimalJcsEscaping()
    {
        // RFC 8785 section 3.2.2.2's example string.
        var json = "\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"";

        Assert.Equal("\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"", Canonical(json));
        Assert.Equal("\"\\b\\t\\n\\f\\r\\u0000\\u001f\u007f\u2028<>&\"", Canonical("\"\\b\\t\\n\\f\\r\\u0000\\u001f\\u007f\\u2028<>&\""));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("1.0", "1")]
    [InlineData("4.50", "4.5")]
    [InlineData("10e-1", "1")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("123e-20", "1.23e-18")]
    [InlineData("1E30", "1e+30")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("-12.34E+2", "-1234")]
    [InlineData("9007199254740991", "9007199254740991")]
    [InlineData("0.1", "0.1")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    public void Serialize_Numbers_EcmaScriptLayout(string literal, string expected)
    {
        Assert.Equal(expected, Canonical(literal));
    }

    [Theory]
    [InlineData("333333333.33333329", InvalidMessageReasons.NumberTooPrecise)]
    [InlineData("1e400", InvalidMessageReasons.NumberOutOfRange)]
    public void Serialize_NumberOutsidePolicy_Throws(string literal, string reason)
    {
        using var document = JsonDocument.Parse(literal);
        var ex = Assert.Throws<InvalidMessageException>(() => CanonicalJson.Serialize(document.RootElement));
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public void Serialize_DuplicateNames_Throws()
    {
        using var document = JsonDocument.Parse("{\"a\":1,\"a\":1}");
        var ex = Assert.Throws<InvalidMessageException>(() => CanonicalJson.Serialize(document.RootElement));
        Assert.Equal(InvalidMessageReasons.DuplicateProperty, ex.Reason);
    }

    [Fact]
    public void ContentHash_SameMessageDifferentLayout_SameKey()
    {
        using var a = JsonDocument.Parse("{\"type\":\"t\",\"data\":{\"n\":1.50,\"s\":\"\\u00e9\"}}");
        using var b = JsonDocument.Parse("{ \"data\": { \"s\": \"\u00e9\", \"n\": 15e-1 }, \"type\": \"t\" }");
        using var c = JsonDocument.Parse("{\"type\":\"t\",\"data\":{\"n\":1.51,\"s\":\"\u00e9\"}}");

        Assert.Equal(ContentHash.Compute(a.RootElement), ContentHash.Compute(b.RootElement));
        Assert.NotEqual(ContentHash.Compute(a.RootElement), ContentHash.Compute(c.RootElement));
    }

    [Fact]
    public void ContentHash_KnownValue_IsSha256OfCanonicalBytes()
    {
        using var document = JsonDocument.Parse("{ \"b\": 2, \"a\": 1 }");

        // SHA-256 of the 13 bytes {"a":1,"b":2}.
        Assert.Equal("sha256:43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777", ContentHash.Compute(document.RootElement));
    }
}
