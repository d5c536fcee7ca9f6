using System.Buffers.Binary;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Core.Errors;
using Vaultflow.Core.Workflow.Reader;
using Vaultflow.IntegrationTests.Fixtures;
using Vaultflow.IntegrationTests.Workflow;

namespace Vaultflow.IntegrationTests.Security;

/// <summary>
/// Attacks on stored rows: someone with write access to the table (here the owner role) moves or alters
/// ciphertext; the reader path (RecordReader, as GetRecord runs it) must refuse with a typed reason.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StoredCiphertextTests(PostgresFixture postgres) : IDisposable
{
    private const string Secret = "s3cr3t-plaintext-7f1d";
    private readonly WorkflowHarness _harness = new(postgres.App);

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Reader_CiphertextsSwappedBetweenTwoRows_BothRefusedAsTamperedOrWrongBinding()
    {
        var a = await PersistAsync("{\"type\":\"p\",\"data\":{\"who\":\"a-" + Secret + "\"}}");
        var b = await PersistAsync("{\"type\":\"p\",\"data\":{\"who\":\"b-" + Secret + "\"}}");

        await ExecuteAsOwnerAsync(
            "UPDATE records SET ciphertext = CASE id WHEN @a THEN (SELECT ciphertext FROM records WHERE id = @b) ELSE (SELECT ciphertext FROM records WHERE id = @a) END WHERE id IN (@a, @b)",
            ("a", a), ("b", b));

        foreach (var id in new[] { a, b })
        {
            var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => ReadAsync(id));
            Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
            Assert.Equal(ErrorTypes.DecryptionFailed, error.ErrorType);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reader_CiphertextCopiedOntoAnotherRow_CopyRefusedOriginalStillReads()
    {
        var source = await PersistAsync("{\"type\":\"p\",\"data\":{\"n\":1}}");
        var target = await PersistAsync("{\"type\":\"p\",\"data\":{\"n\":2}}");

        await ExecuteAsOwnerAsync("UPDATE records SET ciphertext = (SELECT ciphertext FROM records WHERE id = @s) WHERE id = @t", ("s", source), ("t", target));

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => ReadAsync(target));
        Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
        Assert.True((await ReadAsync(source)).Found);
    }

    [Fact]
    public async Task Reader_IdempotencyKeyOfRowRewritten_RefusedAsTamperedOrWrongBinding()
    {
        var id = await PersistAsync("{\"type\":\"p\",\"data\":{\"n\":3}}");

        await ExecuteAsOwnerAsync("UPDATE records SET idempotency_key = idempotency_key || '-moved' WHERE id = @id", ("id", id));

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => ReadAsync(id));
        Assert.Equal(DecryptionFailureReasons.TamperedOrWrongBinding, error.Reason);
    }

    [Fact]
    public async Task Decrypt_EverySingleByteValueInTheStoredHeaderAndASampleOfTheBody_RefusedWithTheRegionsReason()
    {
        var id = await PersistAsync("{\"type\":\"p\",\"data\":{\"note\":\"" + Secret + "\",\"pad\":\"" + new string('x', 200) + "\"}}");
        var stored = (await _harness.Store.GetByIdAsync(id, CancellationToken.None))!;
        var envelope = stored.Ciphertext.ToArray();
        var binding = new RecordBinding(stored.Id, stored.IdempotencyKey);
        var keyIdLength = BinaryPrimitives.ReadUInt16BigEndian(envelope.AsSpan(2));
        var wrappedLength = BinaryPrimitives.ReadUInt16BigEndian(envelope.AsSpan(4 + keyIdLength));
        var headerEnd = 6 + keyIdLength + wrappedLength + 32 + 12 + 16; // through salt, nonce and tag

        var tampers = 0;
        for (var index = 0; index < envelope.Length; index++)
        {
            // Exhaustive over the header (every other value of every byte); every 13th body byte with 8 values.
            var values = index < headerEnd
                ? Enumerable.Range(0, 256).Where(v => v != envelope[index])
                : index % 13 == 0 ? new[] { 0x00, 0x01, 0x7F, 0x80, 0xFF, envelope[index] ^ 0x01, envelope[index] ^ 0x80, envelope[index] ^ 0xFF }.Distinct().Where(v => v != envelope[index]) : [];
            foreach (var value in values)
            {
                var tampered = (byte[])envelope.Clone();
                tampered[index] = (byte)value;
                var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => _harness.Encryptor.DecryptAsync(tampered, binding, CancellationToken.None));
                var expected = ExpectedReasons(index, keyIdLength, wrappedLength);
                Assert.True(expected.Contains(error.Reason), $"byte {index} = 0x{value:x2}: reason {error.Reason}, expected one of {string.Join(", ", expected)}");
                Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
                tampers++;
            }
        }

        Assert.True(tampers > headerEnd * 255, $"only {tampers} tampers");
        Assert.Equal(Secret, ExtractNote(await _harness.DecryptAsync(stored)));
    }

    [Theory]
    [InlineData(0, DecryptionFailureReasons.UnsupportedVersion)]
    [InlineData(1, DecryptionFailureReasons.UnsupportedSuite)]
    [InlineData(-1, DecryptionFailureReasons.TamperedOrWrongBinding)]
    public async Task Reader_StoredEnvelopeWithOneByteChangedInTheDatabase_RefusedWithTypedReason(int index, string reason)
    {
        var id = await PersistAsync("{\"type\":\"p\",\"data\":{\"n\":4}}");

        // PostgreSQL's set_byte works on the row itself; -1 is the last byte (ciphertext body).
        await ExecuteAsOwnerAsync(
            "UPDATE records SET ciphertext = set_byte(ciphertext, CASE WHEN @i < 0 THEN length(ciphertext) + @i ELSE @i END, get_byte(ciphertext, CASE WHEN @i < 0 THEN length(ciphertext) + @i ELSE @i END) # 255) WHERE id = @id",
            ("i", index), ("id", id));

        var error = await Assert.ThrowsAsync<DecryptionFailedException>(() => ReadAsync(id));
        Assert.Equal(reason, error.Reason);
    }

    private static string[] ExpectedReasons(int index, int keyIdLength, int wrappedLength) => index switch
    {
        0 => [DecryptionFailureReasons.UnsupportedVersion],
        1 => [DecryptionFailureReasons.UnsupportedSuite],
        2 or 3 => [DecryptionFailureReasons.Truncated, DecryptionFailureReasons.Malformed, DecryptionFailureReasons.WrongKey],
        _ when index < 4 + keyIdLength => [DecryptionFailureReasons.WrongKey, DecryptionFailureReasons.Malformed],
        _ when index < 6 + keyIdLength => [DecryptionFailureReasons.Truncated, DecryptionFailureReasons.Malformed, DecryptionFailureReasons.UnwrapFailed],
        _ when index < 6 + keyIdLength + wrappedLength => [DecryptionFailureReasons.UnwrapFailed],
        _ => [DecryptionFailureReasons.TamperedOrWrongBinding],
    };

    private static string ExtractNote(byte[] plaintext)
    {
        using var document = System.Text.Json.JsonDocument.Parse(plaintext);
        return document.RootElement.GetProperty("data").GetProperty("note").GetString()!;
    }

    private async Task<Guid> PersistAsync(string message)
    {
        var output = await _harness.RunAsync(WorkflowHarness.StarterInput(message, Guid.NewGuid().ToString()), WorkflowHarness.NewExecutionName());
        return output!.RecordId;
    }

    private Task<GetRecordResult> ReadAsync(Guid id) =>
        _harness.Reader.GetAsync(new GetRecordRequest { Id = id.ToString() }, CancellationToken.None);

    private async Task ExecuteAsOwnerAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = postgres.Owner.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.True(await command.ExecuteNonQueryAsync() >= 1);
    }
}
