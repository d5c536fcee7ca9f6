namespace Vaultflow.Lambda.Generator.Tests.Harness;

/// <summary>Source fragments shared by the generator tests.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Text.Json.Serialization;
        using Microsoft.Extensions.DependencyInjection;
        using Vaultflow.Lambda.Annotations;
        using Vaultflow.Lambda.Context;

        """;

    /// <summary>Input and output types and a context that registers them.</summary>
    public const string Contracts = """
        namespace Demo
        {
            public sealed record In(string Value);
            public sealed record Out(string Value, List<Item> Items);
            public sealed record Item(int Id);

            [JsonSerializable(typeof(In))]
            [JsonSerializable(typeof(Out))]
            [JsonSerializable(typeof(int))]
            public sealed partial class DemoJson : JsonSerializerContext
            {
            }
        }

        """;

    public const string AssemblySerializer = "[assembly: LambdaSerializer(typeof(Demo.DemoJson))]\n";

    /// <summary>A complete compilation unit: usings, the serializer attribute, the contracts, then <paramref name="body"/> in namespace Demo.</summary>
    public static string WithContracts(string body) =>
        Usings + AssemblySerializer + Contracts + "namespace Demo\n{\n" + body + "\n}\n";
}
