using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Sqs;
using Vaultflow.IntegrationTests.StepFunctions;

namespace Vaultflow.IntegrationTests.Workflow;

/// <summary>Tests that need the database, local SQS and local Step Functions together (their own database).</summary>
[CollectionDefinition(Name)]
public sealed class WorkflowCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<LocalSqsFixture>, ICollectionFixture<LocalStepFunctionsFixture>
{
    public const string Name = "Workflow";
}
