using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vaultflow.Core.Idempotency;
using Vaultflow.Core.Storage;

namespace Vaultflow.IntegrationTests.Storage;

/// <summary>Builders for records and stores; every call uses fresh keys so tests never collide.</summary>
internal static class TestRecords
{
    public static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    public static NewRecord New(string? idempotencyKey = null, string? blindIndex = null) => new(
        Id: Guid.CreateVersion7(),
        IdempotencyKey: idempotencyKey ?? NewKey(),
        MessageType: "customer.created",
        Ciphertext: RandomNumberGenerator.GetBytes(48),
        KeyId: "arn:aws:kms:eu-west-1:111122223333:key/test",
        BlindIndex: blindIndex,
        SourceMessageId: Guid.NewGuid().ToString(),
        ExecutionName: "exec-" + Guid.NewGuid().ToString("N")[..12]);

    public static IdempotencyLedger Ledger(NpgsqlDataSource dataSource) =>
        new(dataSource, NullLogger<IdempotencyLedger>.Instance);

    public static PostgresRecordStore Store(NpgsqlDataSource dataSource) =>
        new(dataSource, Ledger(dataSource), NullLogger<PostgresRecordStore>.Instance);
}
