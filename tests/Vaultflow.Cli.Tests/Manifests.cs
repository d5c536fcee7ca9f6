using Vaultflow.Lambda.Hosting;

namespace Vaultflow.Cli.Tests;

internal static class Manifests
{
    public static LambdaFunctionDescriptor Starter(int memorySize = 256) =>
        new("Starter", memorySize, 30, [], new SqsEventDescriptor("@IngestQueue", 10, 0, 0, []));

    public static LambdaFunctionDescriptor Reader() =>
        new("Reader", 512, 10, ["AWSLambdaBasicExecutionRole"], null);

    public static IReadOnlyList<LambdaFunctionDescriptor> Both => [Starter(), Reader()];
}
