using Vaultflow.IntegrationTests.LocalStack;

namespace Vaultflow.IntegrationTests.Demo;

/// <summary>
/// A stack of its own for the demo and the AWS CLI tests: the demo replays the whole DLQ, which must not
/// disturb the tests sharing <see cref="LocalStackCollection"/>'s stack.
/// </summary>
public sealed class DemoStackFixture : LocalStackFixture;

[CollectionDefinition(Name)]
public sealed class DemoStackCollection : ICollectionFixture<DemoStackFixture>
{
    public const string Name = "DemoStack";
}
