using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaultflow.Core.Errors;

namespace Vaultflow.Aws.Secrets;

/// <summary>
/// Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension:
/// <c>GET /secretsmanager/get?secretId=...</c> on localhost with the sandbox's session token in
/// <c>X-Aws-Parameters-Secrets-Token</c>; the answer is the GetSecretValue JSON. The extension starts
/// alongside the function, so a refused connection, a "not ready" answer or a 5xx is retried a few
/// times (about a second in all); everything else fails at once with what to check.
/// Neither messages nor logs ever contain the secret's value.
/// </summary>
public sealed class SecretsExtensionSource : ISecretSource, IDisposable
{
    /// <summary>The header the extension authenticates callers with.</summary>
    public const string TokenHeader = "X-Aws-Parameters-Secrets-Token";

    private const int MaxQuotedBodyLength = 300;

    private readonly SecretsExtensionOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    public SecretsExtensionSource(SecretsExtensionOptions options, ILogger<SecretsExtensionSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        _options = options;
        _logger = logger ?? NullLogger<SecretsExtensionSource>.Instance;

        // Never through a proxy: the extension is on this sandbox's loopback.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = options.Endpoint,
            Timeout = options.RequestTimeout,
        };
    }

    public string Setting => _options.Setting;

    public string Description => $"secret '{_options.SecretId}' (AWS Parameters and Secrets Lambda Extension on {_options.Endpoint.Authority})";

    public async Task<string> GetSecretStringAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(_options.SessionToken))
        {
            throw new ConfigurationException(
                SecretsExtensionVariables.SessionToken,
                $"Cannot read {Description}: {SecretsExtensionVariables.SessionToken} is not set, and the extension requires it in the {TokenHeader} header. " +
                $"Lambda sets it in every sandbox; outside Lambda there is no extension: unset {Setting} and {_options.OutsideLambda} instead.");
        }

        var path = "/secretsmanager/get?secretId=" + Uri.EscapeDataString(_options.SecretId);
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= _options.MaxAttempts;
            string? retryReason;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.TryAddWithoutValidation(TokenHeader, _options.SessionToken);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var secret = ReadSecretString(body);
                    SecretsLog.SecretRead(_logger, _options.SecretId, attempt);
                    return secret;
                }

                retryReason = RetryReason(response.StatusCode, body);
                if (retryReason is null || last)
                {
                    throw Failure(response.StatusCode, body, attempt);
                }
            }
            catch (HttpRequestException error) when (error.StatusCode is null)
            {
                if (last)
                {
                    throw new TransientException(
                        $"Could not reach the AWS Parameters and Secrets Lambda Extension on {_options.Endpoint.Authority} to read {Description} after {attempt} attempts ({error.Message}). " +
                        $"Check that the extension's layer is attached to the function and matches its architecture, and that {SecretsExtensionVariables.HttpPort} (if set) is the port it listens on.",
                        error);
                }

                retryReason = "the extension is not listening yet";
            }
            catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
            {
                if (last)
                {
                    throw new TransientException(
                        $"The AWS Parameters and Secrets Lambda Extension did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s for {Description} ({attempt} attempts). " +
                        "On a cache miss it calls Secrets Manager: check that the function can reach it (a VPC needs a Secrets Manager endpoint or a NAT gateway).",
                        error);
                }

                retryReason = "the request timed out";
            }

            SecretsLog.ExtensionRetry(_logger, _options.SecretId, retryReason, attempt, _options.MaxAttempts);
            await Task.Delay(_options.RetryDelay * attempt, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Why an answer is worth another attempt, or null when it is not.</summary>
    private static string? RetryReason(HttpStatusCode status, string body) => status switch
    {
        // The extension answers 400 while it is still starting, with a message saying it is not ready.
        HttpStatusCode.BadRequest when body.Contains("not ready", StringComparison.OrdinalIgnoreCase) => "the extension is not ready yet",
        HttpStatusCode.TooManyRequests => "the extension was throttled",
        >= HttpStatusCode.InternalServerError => $"the extension answered {(int)status}",
        _ => null,
    };

    private VaultflowException Failure(HttpStatusCode status, string body, int attempts)
    {
        var said = Quote(body);
        return status switch
        {
            HttpStatusCode.BadRequest => new ConfigurationException(
                Setting,
                $"The AWS Parameters and Secrets Lambda Extension rejected the request for {Description} as bad (HTTP 400{said}). " +
                $"Check that {Setting} is the secret's ARN or name, and that {SecretsExtensionVariables.SessionToken} is this sandbox's session token (the extension compares it with the {TokenHeader} header)."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ConfigurationException(
                Setting,
                $"Access to {Description} was denied (HTTP {(int)status}{said}). Check that the function's role allows secretsmanager:GetSecretValue on this secret " +
                "(and kms:Decrypt on its key when it is encrypted with a customer managed key), and that the token header carries this sandbox's AWS_SESSION_TOKEN."),
            HttpStatusCode.NotFound => new ConfigurationException(
                Setting,
                $"{Description} was not found (HTTP 404{said}). Check that {Setting} is the ARN or name of an existing secret in this account and region (use the full ARN for another account's secret)."),
            _ => new TransientException(
                $"The AWS Parameters and Secrets Lambda Extension failed to read {Description} (HTTP {(int)status}{said}) after {attempts} attempt(s). " +
                "Its own log lines in the function's log group say why (set PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL=debug for more)."),
        };
    }

    private string ReadSecretString(string body)
    {
        GetSecretValueResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(body, SecretsJsonContext.Default.GetSecretValueResponse);
        }
        catch (JsonException)
        {
            // The parser's message could quote part of the body, which holds the secret.
            throw new TransientException($"The AWS Parameters and Secrets Lambda Extension answered 200 for {Description}, but not with GetSecretValue JSON. The body is not shown because it may hold the secret.");
        }

        if (response?.SecretString is { Length: > 0 } secret)
        {
            return secret;
        }

        throw new ConfigurationException(
            Setting,
            response?.SecretBinary is not null
                ? $"{Description} holds a binary value (SecretBinary). Store it as a string secret holding {_options.Holds}."
                : $"{Description} has no SecretString. Store it as a string secret holding {_options.Holds}.");
    }

    /// <summary>The extension's error text, shortened, on one line. Error answers never carry the secret value.</summary>
    private static string Quote(string body)
    {
        var text = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return string.Empty;
        }

        return text.Length > MaxQuotedBodyLength ? $": '{text[..MaxQuotedBodyLength]}...'" : $": '{text}'";
    }
}
