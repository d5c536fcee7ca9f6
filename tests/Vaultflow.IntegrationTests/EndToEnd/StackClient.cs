using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using Npgsql;
using Vaultflow.Aws.Kms;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.IntegrationTests.LocalStack;

namespace Vaultflow.IntegrationTests.EndToEnd;

/// <summary>A stored record as the tests read it (owner role).</summary>
internal sealed record StoredRow(Guid Id, string IdempotencyKey, byte[] Ciphertext, string? SourceMessageId);

/// <summary>A message the DLQ received, keyed by the original message id (vf-origin-id).</summary>
internal sealed record DeadLetter(string OriginId, string Body, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A message to send: its body and, optionally, message attributes.</summary>
internal sealed record OutgoingMessage(string Body, Dictionary<string, MessageAttributeValue>? Attributes = null);

/// <summary>What the end-to-end tests do against a running stack: send, read rows, read the DLQ, decrypt.</summary>
internal sealed class StackClient(LocalStackFixture fixture)
{
    private readonly Dictionary<string, DeadLetter> _deadLetters = new(StringComparer.Ordinal);

    public async Task<string> SendAsync(string body, Dictionary<string, MessageAttributeValue>? attributes = null)
    {
        var response = await fixture.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = fixture.Stack.IngestQueueUrl,
            MessageBody = body,
            MessageAttributes = attributes ?? [],
        });
        return response.MessageId;
    }

    /// <summary>Sends with SendMessageBatch, 10 per call; returns the message ids in the order of <paramref name="messages"/>.</summary>
    public async Task<IReadOnlyList<string>> SendBatchAsync(IReadOnlyList<OutgoingMessage> messages)
    {
        var ids = new string[messages.Count];
        for (var start = 0; start < messages.Count; start += 10)
        {
            var chunk = Enumerable.Range(start, Math.Min(10, messages.Count - start)).ToList();
            var response = await fixture.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = fixture.Stack.IngestQueueUrl,
                Entries = chunk.Select(i => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), messages[i].Body)
                {
                    MessageAttributes = messages[i].Attributes ?? [],
                }).ToList(),
            });
            Assert.Empty(response.Failed ?? []);
            foreach (var ok in response.Successful)
            {
                ids[int.Parse(ok.Id, CultureInfo.InvariantCulture)] = ok.MessageId;
            }
        }

        return ids;
    }

    public async Task<List<StoredRow>> RowsAsync(IEnumerable<string> idempotencyKeys)
    {
        await using var command = fixture.Owner.CreateCommand("SELECT id, idempotency_key, ciphertext, source_message_id FROM records WHERE idempotency_key = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = idempotencyKeys.ToArray() });
        var rows = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(reader.GetGuid(0), reader.GetString(1), (byte[])reader[2], reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>Every row's text (bytea as raw bytes decoded leniently) of the tables that could hold data.</summary>
    public async Task<string> DatabaseTextAsync()
    {
        var text = new StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT r::text, r.ciphertext FROM records r",
            "SELECT s::text, NULL::bytea FROM idempotency_steps s",
            "SELECT f::text, NULL::bytea FROM failures f",
        })
        {
            await using var command = fixture.Owner.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
                if (!reader.IsDBNull(1))
                {
                    text.AppendLine(Encoding.UTF8.GetString((byte[])reader[1]));
                }
            }
        }

        return text.ToString();
    }

    public async Task<int> QueueDepthAsync(string queueUrl)
    {
        var attributes = (await fixture.Sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])).Attributes;
        return int.Parse(attributes["ApproximateNumberOfMessages"], CultureInfo.InvariantCulture)
            + int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"], CultureInfo.InvariantCulture);
    }

    /// <summary>Drains the DLQ until every one of <paramref name="originIds"/> has arrived; other tests' letters are kept for them.</summary>
    public async Task<IReadOnlyDictionary<string, DeadLetter>> DeadLettersAsync(IReadOnlyCollection<string> originIds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (originIds.Any(id => !_deadLetters.ContainsKey(id)) && DateTime.UtcNow < deadline)
        {
            var response = await fixture.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = fixture.Stack.DlqUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
            });
            foreach (var message in response.Messages ?? [])
            {
                var attributes = (message.MessageAttributes ?? []).ToDictionary(a => a.Key, a => a.Value.StringValue ?? string.Empty, StringComparer.Ordinal);
                var origin = attributes.GetValueOrDefault("vf-origin-id", message.MessageId);
                Assert.True(_deadLetters.TryAdd(origin, new DeadLetter(origin, message.Body, attributes)), $"message {origin} reached the DLQ twice");
                await fixture.Sqs.DeleteMessageAsync(fixture.Stack.DlqUrl, message.ReceiptHandle);
            }
        }

        var missing = originIds.Where(id => !_deadLetters.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {originIds.Count} messages did not reach the DLQ within {timeout.TotalSeconds:0} s");
        return originIds.ToDictionary(id => id, id => _deadLetters[id], StringComparer.Ordinal);
    }

    /// <summary>Decrypts a row with Vaultflow's envelope format and the stack's KMS (the functions' encryption context).</summary>
    public async Task<string> DecryptAsync(StoredRow row)
    {
        var options = new KmsKeyringOptions { KeyId = fixture.Stack.KmsKeyId, ServiceUrl = new Uri(fixture.Stack.KmsEndpoint), Region = fixture.Stack.Region };
        using var client = (IDisposable)KmsClientFactory.Create(options, LocalStackFixture.Credentials);
        var keyring = new KmsKeyring((Amazon.KeyManagementService.IAmazonKeyManagementService)client, options);
        var encryptor = new EnvelopeEncryptor(new CachingDataKeyProvider(keyring, DataKeyCacheOptions.Disabled), EncryptionContext.ForApplication("vaultflow", "record"));
        var plaintext = await encryptor.DecryptAsync(row.Ciphertext, new RecordBinding(row.Id, row.IdempotencyKey), CancellationToken.None);
        return Encoding.UTF8.GetString(plaintext);
    }

    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Vaultflow.Core.Contract.CanonicalJson.SerializeToString(document.RootElement);
    }
}
