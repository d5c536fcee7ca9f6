using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vaultflow.IntegrationTests.Secrets;

/// <summary>
/// A stand-in for the AWS Parameters and Secrets Lambda Extension on 127.0.0.1 (random port), over a
/// bare TcpListener speaking just enough HTTP/1.1: <c>GET /secretsmanager/get?secretId=</c> with the
/// <c>X-Aws-Parameters-Secrets-Token</c> header, answering the GetSecretValue JSON. Like the extension
/// it answers 400 to a missing or wrong token and to a missing secretId, 404 to an unknown secret.
/// Tests rotate values, count calls, and switch faults (not ready, 5xx, 403, held answers).
/// </summary>
public sealed class FakeSecretsExtension : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Secret> _secrets = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;
    private int _calls;
    private int _notReadyAnswers;
    private int _serverErrorAnswers;

    public FakeSecretsExtension(string token = "session-token-for-tests")
    {
        Token = token;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");
        _acceptLoop = AcceptAsync();
    }

    public Uri Endpoint { get; }

    /// <summary>The session token the fake accepts.</summary>
    public string Token { get; }

    /// <summary>Requests to /secretsmanager/get, whatever the answer.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When true, every known secret answers 403 (the role lacks secretsmanager:GetSecretValue).</summary>
    public bool DenyAccess { get; set; }

    /// <summary>When set, answers wait for it (to pile up concurrent callers).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Completes when a request to /secretsmanager/get arrives.</summary>
    public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The next <paramref name="count"/> requests answer 400 "not ready" (the extension while it starts).</summary>
    public void AnswerNotReady(int count) => Volatile.Write(ref _notReadyAnswers, count);

    /// <summary>The next <paramref name="count"/> requests answer 500.</summary>
    public void AnswerServerError(int count) => Volatile.Write(ref _serverErrorAnswers, count);

    /// <summary>Creates or rotates a string secret, found by its name or its ARN.</summary>
    public string SetSecret(string name, string value)
    {
        var arn = $"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf";
        var secret = new Secret(arn, name, Guid.NewGuid().ToString(), value, Binary: false);
        _secrets[name] = secret;
        _secrets[arn] = secret;
        return arn;
    }

    /// <summary>A secret holding SecretBinary instead of SecretString.</summary>
    public void SetBinarySecret(string name) =>
        _secrets[name] = new Secret($"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf", name, Guid.NewGuid().ToString(), Convert.ToBase64String([1, 2, 3]), Binary: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                if (head is null)
                {
                    return;
                }

                var (status, body) = await AnswerAsync(head.Value.Target, head.Value.Headers);
                var bytes = Encoding.UTF8.GetBytes(body);
                var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the fake is stopping.
            }
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> AnswerAsync(string target, Dictionary<string, string> headers)
    {
        var query = target.Split('?', 2);
        if (query[0] != "/secretsmanager/get")
        {
            return (HttpStatusCode.NotFound, "not found");
        }

        Interlocked.Increment(ref _calls);
        FirstRequest.TrySetResult();
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(_stop.Token);
        }

        if (Interlocked.Decrement(ref _notReadyAnswers) >= 0)
        {
            return (HttpStatusCode.BadRequest, "not ready to serve traffic, please wait");
        }

        if (Interlocked.Decrement(ref _serverErrorAnswers) >= 0)
        {
            return (HttpStatusCode.InternalServerError, "an internal error occurred");
        }

        if (!headers.TryGetValue("X-Aws-Parameters-Secrets-Token", out var token) || token != Token)
        {
            return (HttpStatusCode.BadRequest, "bad session token or header key");
        }

        var secretId = query.Length < 2 ? null : query[1].Split('&')
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0] == "secretId")
            .Select(pair => Uri.UnescapeDataString(pair[1]))
            .FirstOrDefault();
        if (string.IsNullOrEmpty(secretId))
        {
            return (HttpStatusCode.BadRequest, "secretId is required");
        }

        if (!_secrets.TryGetValue(secretId, out var secret))
        {
            return (HttpStatusCode.NotFound, "Secrets Manager can't find the specified secret.");
        }

        if (DenyAccess)
        {
            return (HttpStatusCode.Forbidden, $"User is not authorized to perform: secretsmanager:GetSecretValue on resource: {secretId}");
        }

        var fields = new Dictionary<string, object>
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = secret.VersionId,
            ["VersionStages"] = new[] { "AWSCURRENT" },
            ["CreatedDate"] = "2026-11-25T01:00:00.000Z",
            [secret.Binary ? "SecretBinary" : "SecretString"] = secret.Value,
        };
        return (HttpStatusCode.OK, JsonSerializer.Serialize(fields));
    }

    private static async Task<(string Target, Dictionary<string, string> Headers)?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lines = text[..end].Split("\r\n");
            var target = lines[0].Split(' ')[1];
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            return (target, headers);
        }

        return null;
    }

    private sealed record Secret(string Arn, string Name, string VersionId, string Value, bool Binary);
}
