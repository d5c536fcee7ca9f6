using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Local.Kms.Faults;
using Vaultflow.Local.Kms.Keys;
using Vaultflow.Local.Kms.Operations;
using Vaultflow.Local.Kms.Protocol;

namespace Vaultflow.Local.Kms;

/// <summary>
/// A local stand-in for AWS KMS that speaks its wire protocol (AWS JSON 1.1) on 127.0.0.1, so the real
/// AWS SDK client and CLI work against it with an endpoint override. Symmetric keys, real AES-256-GCM,
/// encryption context authenticated. It does not verify SigV4 signatures: a local stand-in, not a
/// security boundary. See Kms/README.md for what it does and does not do.
/// </summary>
public sealed class LocalKmsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalKmsServer(WebApplication app, Uri uri, IReadOnlyList<Uri> boundAddresses, LocalKmsFaults faults, string? keyStorePath)
    {
        _app = app;
        Uri = uri;
        BoundAddresses = boundAddresses;
        Faults = faults;
        KeyStorePath = keyStorePath;
    }

    /// <summary>The endpoint URL for SDK clients (<c>ServiceURL</c>, <c>AWS_ENDPOINT_URL_KMS</c>, <c>--endpoint-url</c>).</summary>
    public Uri Uri { get; }

    /// <summary>Every address the server listens on; always 127.0.0.1 only.</summary>
    public IReadOnlyList<Uri> BoundAddresses { get; }

    /// <summary>The fault switch and call counters (also served at <c>/_vaultflow/kms/faults</c>).</summary>
    public LocalKmsFaults Faults { get; }

    /// <summary>The full path of the key store file, or null in memory mode.</summary>
    public string? KeyStorePath { get; }

    /// <summary>The admin route for faults and counters.</summary>
    public Uri FaultsUri => new(Uri, FaultAdminEndpoint.Path);

    /// <summary>Loads (or creates) the key store and starts listening on 127.0.0.1:<see cref="LocalKmsOptions.Port"/>.</summary>
    public static async Task<LocalKmsServer> StartAsync(LocalKmsOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<LocalKmsServer>();

        var file = options.KeyStorePath is null ? null : new KeyStoreFile(options.KeyStorePath, logger);
        var store = new KeyStore(options.Region, options.AccountId, file, TimeProvider.System);
        EnsureBootstrapAlias(store, options.BootstrapAlias, logger);

        var faults = new LocalKmsFaults();
        var kms = new KmsJsonEndpoint(new KmsOperationDispatcher(store), faults, logger);
        var admin = new FaultAdminEndpoint(faults, logger);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Vaultflow.Local.Kms" });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        app.Run(context => context.Request.Path.StartsWithSegments(FaultAdminEndpoint.Path, StringComparison.Ordinal)
            ? admin.HandleAsync(context)
            : kms.HandleAsync(context));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            if (e is IOException)
            {
                throw new IOException($"The local KMS could not listen on 127.0.0.1:{options.Port} ({e.Message}). Choose another LocalKmsOptions.Port (0 picks a free one) or stop the process using it.", e);
            }

            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a))
            .ToArray();
        var uri = new Uri($"http://127.0.0.1:{addresses.Single().Port}/");
        KmsLog.Started(logger, uri, file?.Path ?? "in memory", store.KeyCount);
        return new LocalKmsServer(app, uri, addresses, faults, file?.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static void EnsureBootstrapAlias(KeyStore store, string? alias, ILogger logger)
    {
        if (alias is null || store.ListAliases(null).Any(a => a.Name == alias))
        {
            return;
        }

        var key = store.CreateKey($"Vaultflow local key for {alias}");
        store.CreateAlias(alias, key.Id.ToString("D"));
        KmsLog.BootstrapKeyCreated(logger, store.KeyArn(key.Id), alias);
    }
}
