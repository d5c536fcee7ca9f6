using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Cli.Commands.Support;
using Vaultflow.Cli.Configuration;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Storage;
using Vaultflow.Core.Workflow.Reindex;

namespace Vaultflow.Cli.Commands;

/// <summary><c>vaultflow reindex</c>: recompute every record's blind index under the current key (the second half of a key rotation).</summary>
internal static class ReindexCommand
{
    private const string Help = """

        Reads the records in pages by id, decrypts each with the stack's keyring (as `vaultflow get`
        does), recomputes the index of its search.email under the CURRENT blind-index key
        (VAULTFLOW_BLIND_INDEX_KEY, else local.json's blindIndexKeyFile; against AWS set it to the
        secret's "key" field), and updates only the rows whose index differs, one transaction per page.
        Rows without an e-mail keep a null index. Running it again skips rows that are already right,
        so an interrupted run is resumed by running it again. A row that cannot be decrypted is listed
        (id and reason) and left as it was; the run goes on. Nothing decrypted is printed or logged.

        It writes records, which the app role may not do: it connects as the schema OWNER, like
        `vaultflow migrate`: .vaultflow/postgres.json's ownerConnectionString (pointed at local.json's
        database) by default, or --connection-string.

        Examples:
          vaultflow reindex --dry-run
          vaultflow reindex --batch-size 1000
          vaultflow reindex --connection-string "Host=db;Database=vaultflow;Username=vaultflow_owner;Password=..."

        Exit codes: 0 every row is indexed under the current key (or --max was reached); 1 when any row
        failed to decrypt, or the run failed; 2 usage.
        """;

    public static Command Create(CliHost host)
    {
        var connection = new Option<string?>("--connection-string") { Description = "Npgsql connection string of the schema owner role (default: postgres.json's ownerConnectionString)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would change; write nothing." };
        var batchSize = new Option<int>("--batch-size") { Description = $"Rows per page and per transaction (1-{ReindexOptions.MaxBatchSize}).", DefaultValueFactory = _ => ReindexOptions.DefaultBatchSize };
        var max = new Option<long?>("--max") { Description = "Scan at most N rows, then stop (run again to continue)." };
        var json = new Option<bool>("--json") { Description = "Print the final report as JSON." };
        var command = new Command("reindex", "Recompute every record's blind index under the current key (after a key rotation)." + Help)
        {
            connection, dryRun, batchSize, max, json,
        };

        CommandRunner.SetStackAction(command, host, parse => async (stack, output, ct) =>
        {
            var options = new ReindexOptions { BatchSize = parse.GetValue(batchSize), DryRun = parse.GetValue(dryRun), MaxRows = parse.GetValue(max) };
            if (options.BatchSize is < 1 or > ReindexOptions.MaxBatchSize)
            {
                throw new UsageException($"--batch-size {options.BatchSize} is out of range: use 1 to {ReindexOptions.MaxBatchSize}");
            }

            if (options.MaxRows is < 1)
            {
                throw new UsageException($"--max {options.MaxRows} is out of range: use a positive number of rows");
            }

            var (connectionString, _, _) = MigrateCommand.Resolve(host, parse.GetValue(connection));
            await using var factory = new RecordReaderFactory();
            // Records share data keys (Encrypt caches them), so the read-side LRU turns one KMS Decrypt per
            // record into about one per data key; VAULTFLOW_DATA_KEY_CACHE=false turns it off, as for the functions.
            var encryptor = factory.CreateEncryptor(stack, "vaultflow reindex", stack.Settings.DataKeyCacheEnabled ? new DataKeyCacheOptions() : DataKeyCacheOptions.Disabled);
            var keys = factory.LoadBlindIndexKeys(stack, "reindex");
            await using var dataSource = VaultflowDatabase.CreateDataSource(new VaultflowDatabaseOptions(connectionString) { ApplicationName = "vaultflow-reindex" });
            var reindexer = new BlindIndexReindexer(dataSource, encryptor, keys.Current, NullLogger<BlindIndexReindexer>.Instance);
            var report = await reindexer.RunAsync(options, new ProgressLines(output), ct).ConfigureAwait(false);
            Print(report, parse.GetValue(json), output);
            return report.FailedToDecrypt > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static void Print(ReindexReport report, bool json, CommandOutput output)
    {
        foreach (var failure in report.Failures)
        {
            output.Warn($"record {failure.RecordId} could not be decrypted ({failure.Reason}); its index was left as it was");
        }

        if (report.FailedToDecrypt > report.Failures.Count)
        {
            output.Warn($"{report.FailedToDecrypt - report.Failures.Count} more rows failed (only the first {report.Failures.Count} are listed)");
        }

        if (json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteBoolean("dryRun", report.DryRun);
                writer.WriteBoolean("completed", report.Completed);
                writer.WriteNumber("scanned", report.Scanned);
                writer.WriteNumber("updated", report.Updated);
                writer.WriteNumber("unchanged", report.Unchanged);
                writer.WriteNumber("noEmail", report.NoEmail);
                writer.WriteNumber("failedToDecrypt", report.FailedToDecrypt);
                writer.WriteStartArray("failures");
                foreach (var failure in report.Failures)
                {
                    writer.WriteStartObject();
                    writer.WriteString("recordId", failure.RecordId);
                    writer.WriteString("reason", failure.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
        else
        {
            output.Table(
                ["count", "rows"],
                [
                    ["scanned", Count(report.Scanned)],
                    [report.DryRun ? "would update" : "updated", Count(report.Updated)],
                    ["unchanged", Count(report.Unchanged)],
                    ["no e-mail", Count(report.NoEmail)],
                    ["failed to decrypt", Count(report.FailedToDecrypt)],
                ],
                title: report.DryRun ? "reindex (dry run: nothing written)" : "reindex");
        }

        if (!report.Completed)
        {
            output.Warn($"stopped after --max {report.Scanned} rows: run again to continue (rows already right are skipped)");
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One progress line on stderr per page (stdout keeps the report); synchronous, so lines never interleave.</summary>
    private sealed class ProgressLines(CommandOutput output) : IProgress<ReindexReport>
    {
        public void Report(ReindexReport value) => output.Error.WriteLine(
            $"progress: {value.Scanned} scanned, {value.Updated} {(value.DryRun ? "would update" : "updated")}, {value.Unchanged} unchanged, {value.FailedToDecrypt} failed");
    }
}
