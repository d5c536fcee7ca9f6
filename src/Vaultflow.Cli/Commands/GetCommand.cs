using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Workflow.Reader;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow get</c>: read and decrypt records, the reader function's path (RecordReader).</summary>
internal static class GetCommand
{
    private const string Help = """

        Decrypts in this process with the stack's keyring (KMS key from local.json / VAULTFLOW_KMS_KEY_ID,
        or the raw key VAULTFLOW_RAW_KEY / VAULTFLOW_RAW_KEY_FILE). A search hashes the e-mail with the
        blind-index key, then decrypts every candidate and keeps the exact matches. During a key rotation
        VAULTFLOW_BLIND_INDEX_PREVIOUS_KEY adds the old key: the search looks under both.

        Examples:
          vaultflow get 0193a0c4-6f1e-7c2a-9d4b-1f2e3d4c5b6a
          vaultflow get --search email=ada@example.com --json

        Exit codes: 0 found; 1 not found or failed; 2 usage.
        """;

    public static Command Create(CliHost host)
    {
        var id = new Argument<string?>("ID") { Description = "The record id (a UUID).", Arity = ArgumentArity.ZeroOrOne };
        var search = new Option<string?>("--search") { Description = "Find by a search field: email=ADDRESS." };
        var json = new Option<bool>("--json") { Description = "Print the records (with the decrypted message) as JSON." };
        var command = new Command("get", "Read and decrypt a record by id or by e-mail." + Help) { id, search, json };
        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var request = BuildRequest(parse.GetValue(id), parse.GetValue(search));
            await using var factory = new RecordReaderFactory();
            var reader = factory.Create(stack, needSearch: request.Search is not null);
            var result = await reader.GetAsync(request, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                output.Line(JsonSerializer.Serialize(result, RecordReaderJsonContext.Default.GetRecordResult));
            }
            else if (result.Found)
            {
                foreach (var record in result.Records)
                {
                    output.Table(
                        ["field", "value"],
                        [
                            ["record-id", record.RecordId.ToString()],
                            ["idempotency-key", record.IdempotencyKey],
                            ["type", record.Type ?? "-"],
                            ["execution", record.ExecutionName ?? "-"],
                            ["created", record.CreatedAt.ToString("u", CultureInfo.InvariantCulture)],
                            ["message", record.Message.GetRawText()],
                        ]);
                }
            }

            if (!result.Found)
            {
                output.Fail(result.NotFound ?? "not found");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static GetRecordRequest BuildRequest(string? id, string? search)
    {
        if ((id is null) == (search is null))
        {
            throw new UsageException("give a record ID or --search email=ADDRESS (one of the two)");
        }

        if (id is not null)
        {
            return new GetRecordRequest { Id = id };
        }

        var eq = search!.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !string.Equals(search[..eq], "email", StringComparison.Ordinal) || eq == search.Length - 1)
        {
            throw new UsageException($"--search '{search}' is not field=value with a known field: use --search email=ada@example.com");
        }

        return new GetRecordRequest { Search = new RecordSearch { Email = search[(eq + 1)..] } };
    }
}
