using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace Vaultflow.Aws.StepFunctions;

/// <summary>
/// A small Step Functions client: AWSSDK.StepFunctions is not served to this build, so this speaks
/// the JSON 1.0 protocol over HttpClient, signed with AWSSDK.Core's public SigV4 signer. Retryable
/// failures (throttling, 5xx, network) are retried with exponential backoff and full jitter.
/// </summary>
public sealed class StepFunctionsClient : IDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.0";
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly StepFunctionsClientOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly RegionEndpoint _region;
    private DefaultAWSCredentialsIdentityResolver? _resolver;

    public StepFunctionsClient(StepFunctionsClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        }

        _options = options;
        _region = RegionEndpoint.GetBySystemName(options.Region);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = options.Timeout ?? TimeSpan.FromSeconds(30) };
    }

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("StartExecution", request, StepFunctionsJsonContext.Default.StartExecutionRequest, StepFunctionsJsonContext.Default.StartExecutionResponse, cancellationToken);

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default) =>
        CallAsync("DescribeExecution", new DescribeExecutionRequest(executionArn), StepFunctionsJsonContext.Default.DescribeExecutionRequest, StepFunctionsJsonContext.Default.DescribeExecutionResponse, cancellationToken);

    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("ListExecutions", request, StepFunctionsJsonContext.Default.ListExecutionsRequest, StepFunctionsJsonContext.Default.ListExecutionsResponse, cancellationToken);

    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("GetExecutionHistory", request, StepFunctionsJsonContext.Default.GetExecutionHistoryRequest, StepFunctionsJsonContext.Default.GetExecutionHistoryResponse, cancellationToken);

    /// <summary>
    /// Continues a FAILED, ABORTED or TIMED_OUT STANDARD execution from its unsuccessful state, with the same
    /// ARN and input. Throws <see cref="ExecutionNotRedrivableException"/> when it cannot be redriven.
    /// </summary>
    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // One token for every attempt of this call: a retry after a lost answer never redrives a second time.
        var idempotent = request.ClientToken is null ? request with { ClientToken = Guid.NewGuid().ToString("N") } : request;
        return CallAsync("RedriveExecution", idempotent, StepFunctionsJsonContext.Default.RedriveExecutionRequest, StepFunctionsJsonContext.Default.RedriveExecutionResponse, cancellationToken);
    }

    public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("CreateStateMachine", request, StepFunctionsJsonContext.Default.CreateStateMachineRequest, StepFunctionsJsonContext.Default.CreateStateMachineResponse, cancellationToken);

    public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("UpdateStateMachine", request, StepFunctionsJsonContext.Default.UpdateStateMachineRequest, StepFunctionsJsonContext.Default.UpdateStateMachineResponse, cancellationToken);

    public void Dispose()
    {
        _resolver?.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(operation, body, responseType, cancellationToken).ConfigureAwait(false);
            }
            catch (StepFunctionsException ex) when (ex.IsRetryable && attempt < _options.MaxAttempts)
            {
                await Task.Delay(FullJitter(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(string operation, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var message = await BuildSignedRequestAsync(operation, body, cancellationToken).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new StepFunctionsException("NetworkError", $"Step Functions {operation} could not reach {_options.Endpoint}: {ex.Message}", null, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StepFunctionsException("Timeout", $"Step Functions {operation} timed out after {_http.Timeout.TotalSeconds:0}s at {_options.Endpoint}.", null, ex);
        }

        using (response)
        {
            var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return JsonSerializer.Deserialize(payload, responseType)
                    ?? throw new StepFunctionsException("EmptyResponse", $"Step Functions {operation} returned an empty body.", response.StatusCode);
            }

            throw ParseError(operation, response, payload);
        }
    }

    private async Task<HttpRequestMessage> BuildSignedRequestAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        var uri = _options.Endpoint;
        var credentials = _options.Credentials ?? await ResolveCredentialsAsync(cancellationToken).ConfigureAwait(false);
        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = uri,
            Content = body,
        };
        signingRequest.Headers["Content-Type"] = JsonContentType;
        signingRequest.Headers["X-Amz-Target"] = "AWSStepFunctions." + operation;
        var signed = await AWSSigV4Signer.SignAsync(
            signingRequest,
            new AWSSigV4Parameters { Credentials = credentials, Region = _region, Service = "states", SignPayload = true },
            cancellationToken).ConfigureAwait(false);

        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(JsonContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + operation);
        foreach (var (name, value) in signed.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || name.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    private async Task<AWSCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        _resolver ??= new DefaultAWSCredentialsIdentityResolver();
        return await _resolver.ResolveIdentityAsync(null!, cancellationToken).ConfigureAwait(false);
    }

    private static StepFunctionsException ParseError(string operation, HttpResponseMessage response, byte[] payload)
    {
        ErrorBody? error = null;
        try
        {
            error = JsonSerializer.Deserialize(payload, StepFunctionsJsonContext.Default.ErrorBody);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status code still tells what happened.
        }

        var rawType = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var code = NormalizeErrorCode(rawType ?? error?.Type) ?? $"Http{(int)response.StatusCode}";
        var text = error?.Message ?? error?.MessageUpper ?? response.ReasonPhrase ?? "no message";
        var message = $"Step Functions {operation} failed with {code} (HTTP {(int)response.StatusCode}): {text}";
        return code switch
        {
            "ExecutionAlreadyExists" => new ExecutionAlreadyExistsException(message, response.StatusCode),
            "ExecutionNotRedrivable" => new ExecutionNotRedrivableException(message, text, response.StatusCode),
            _ => new StepFunctionsException(code, message, response.StatusCode),
        };
    }

    /// <summary>"com.amazonaws.states#ExecutionAlreadyExists" or "ExecutionAlreadyExists:http://..." to "ExecutionAlreadyExists".</summary>
    internal static string? NormalizeErrorCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    /// <summary>Exponential backoff with full jitter: uniform in [0, min(max, base * 2^attempt)].</summary>
    private static TimeSpan FullJitter(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, (int)ceiling + 1));
    }
}
