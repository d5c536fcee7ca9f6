using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;

namespace Vaultflow.IntegrationTests.Cli;

/// <summary>The CLI tests share one local SQS and one local Step Functions server.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<LocalSqsFixture>, ICollectionFixture<LocalStepFunctionsFixture>
{
    public const string Name = "Cli";
}
