using System.Net;
using System.Net.Sockets;

namespace Vaultflow.Local.Stack;

/// <summary>The stack's TCP ports on 127.0.0.1.</summary>
public sealed record LocalStackPorts(int Sqs, int StepFunctions, int Kms, int Lambda)
{
    /// <summary>Fixed defaults, so the AWS CLI can keep one --endpoint-url per service: SQS 4576, Step Functions 4585, KMS 4599, Lambda 4574.</summary>
    public static LocalStackPorts Defaults { get; } = new(4576, 4585, 4599, 4574);

    /// <summary>Null: <see cref="Defaults"/>. N: SQS N, Step Functions N+1, KMS N+2, Lambda N+3. 0: four free ports.</summary>
    public static LocalStackPorts Resolve(int? portsFrom)
    {
        LocalStackPorts ports = portsFrom switch
        {
            null => Defaults,
            0 => new(FreePort(), FreePort(), FreePort(), FreePort()),
            < 1024 or > IPEndPoint.MaxPort - 3 => throw new LocalStackException($"--ports-from {portsFrom} is out of range: pass a port from 1024 to {IPEndPoint.MaxPort - 3} (four consecutive ports are used), or 0 for free ports."),
            var n => new(n.Value, n.Value + 1, n.Value + 2, n.Value + 3),
        };
        ports.EnsureFree(portsFrom is null);
        return ports;
    }

    private void EnsureFree(bool defaults)
    {
        foreach (var (service, port) in new[] { ("SQS", Sqs), ("Step Functions", StepFunctions), ("KMS", Kms), ("Lambda", Lambda) })
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException e)
            {
                var hint = defaults ? "stop the other stack (is `vaultflow local up` already running?) or pass --ports-from N" : "pass another --ports-from (or 0 for free ports)";
                throw new LocalStackException($"port {port} ({service}) on 127.0.0.1 is in use: {hint}.", e);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
