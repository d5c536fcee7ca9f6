using Vaultflow.Core.Workflow.Reader;
using Vaultflow.Handlers.Hosting;
using Vaultflow.Lambda.Annotations;
using Vaultflow.Lambda.Context;

namespace Vaultflow.Handlers.Functions;

/// <summary>Reads a record back, decrypted (see <see cref="RecordReader"/>).</summary>
public sealed class GetRecordFunction(RecordReader reader)
{
    [LambdaFunction(Name = FunctionNames.GetRecord, MemorySize = 512, Timeout = 30, Policies = [Policies.DecryptDataKeys, Policies.ReadDatabaseSecret, Policies.ReadBlindIndexKeySecret])]
    public Task<GetRecordResult> HandleAsync(GetRecordRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HandlerErrors.RunAsync(() => reader.GetAsync(request, cancellationToken));
    }
}
