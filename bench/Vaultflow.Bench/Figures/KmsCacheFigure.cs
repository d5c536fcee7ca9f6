using System.Diagnostics;
using Amazon.Runtime;
using Vaultflow.Aws.Kms;
using Vaultflow.Bench.Results;
using Vaultflow.Core.Crypto;
using Vaultflow.Core.Crypto.DataKeys;
using Vaultflow.Core.Crypto.Envelope;
using Vaultflow.Local.Kms;

namespace Vaultflow.Bench.Figures;

/// <summary>
/// Figure 1: KMS calls (counted by the local KMS server itself) and wall time to encrypt N 1 KiB
/// records through EnvelopeEncryptor + CachingDataKeyProvider + KmsKeyring + the real AWS SDK client
/// over HTTP, with the data-key cache on (default thresholds) and off. Sequential, one record at a time.
/// </summary>
internal static class KmsCacheFigure
{
    public static readonly FigureSpec Calls = new(
        "1", "KMS GenerateDataKey calls per 10,000 records, cache on vs off", "calls", "cache off", HigherIsBetter: false, Goal.ValueAtMost(10));

    public static readonly FigureSpec WallTime = new(
        "1b", "Encrypt time per 10,000 1 KiB records (real SDK -> local KMS over HTTP), cache on vs off", "s", "cache off", HigherIsBetter: false, Goal.RatioAtLeast(1));

    private const string Alias = "alias/vaultflow-bench";

    public static async Task<IReadOnlyList<Figure>> RunAsync(int records, RunContext run, Action<string> log)
    {
        await using var server = await LocalKmsServer.StartAsync(new LocalKmsOptions { BootstrapAlias = Alias }, CancellationToken.None);
        using var client = KmsClientFactory.Create(
            new KmsKeyringOptions { KeyId = Alias, ServiceUrl = server.Uri, Region = "us-east-1" },
            new BasicAWSCredentials("AKIDVAULTFLOWBENCH", "vaultflow-bench-secret"));
        var keyring = new KmsKeyring(client, new KmsKeyringOptions { KeyId = Alias });

        // Warm the HTTP connection and the SDK so neither variant pays first-call costs.
        using (var warm = new CachingDataKeyProvider(keyring, DataKeyCacheOptions.Disabled))
        {
            await EncryptAsync(warm, 5);
        }

        var off = await MeasureAsync(server, keyring, DataKeyCacheOptions.Disabled, records);
        log($"  cache off: {off.Calls} calls, {off.Elapsed.TotalSeconds:0.00} s for {records} records");
        var on = await MeasureAsync(server, keyring, new DataKeyCacheOptions(), records);
        log($"  cache on:  {on.Calls} calls, {on.Elapsed.TotalSeconds:0.00} s for {records} records");

        var scale = 10_000.0 / records;
        var note = $"{records} records of 1 KiB encrypted sequentially, scaled to 10,000; calls counted by the local KMS server; cache thresholds: defaults (max 1,000 records, 5 min, 100 MiB per data key).";
        return
        [
            FigureFactory.Measured(Calls, on.Calls * scale, off.Calls * scale, run, note),
            FigureFactory.Measured(WallTime, on.Elapsed.TotalSeconds * scale, off.Elapsed.TotalSeconds * scale, run, "Goal is informational: the cache must not cost time. " + note),
        ];
    }

    private static async Task<(long Calls, TimeSpan Elapsed)> MeasureAsync(LocalKmsServer server, KmsKeyring keyring, DataKeyCacheOptions options, int records)
    {
        using var provider = new CachingDataKeyProvider(keyring, options);
        server.Faults.ResetCounters();
        var stopwatch = Stopwatch.StartNew();
        await EncryptAsync(provider, records);
        stopwatch.Stop();
        return (server.Faults.CallCount("GenerateDataKey"), stopwatch.Elapsed);
    }

    private static async Task EncryptAsync(IDataKeyProvider provider, int records)
    {
        var encryptor = new EnvelopeEncryptor(provider, EncryptionContext.ForApplication("vaultflow-bench", "records"));
        var plaintext = new byte[1024];
        Random.Shared.NextBytes(plaintext);
        for (var i = 0; i < records; i++)
        {
            _ = await encryptor.EncryptAsync(plaintext, new RecordBinding(Guid.CreateVersion7(), "bench-" + i), EncryptOptions.Default, CancellationToken.None);
        }
    }
}
