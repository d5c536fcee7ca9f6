using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vaultflow.IntegrationTests.Deploy;

/// <summary>
/// A tiny HTTP endpoint on 127.0.0.1 that answers the two AWS calls the ENI scripts make, in the real
/// wire formats the AWS CLI parses: EC2 DescribeNetworkInterfaces (query protocol, XML) and Lambda
/// ListFunctions (REST-JSON). It records each request's action for assertions.
/// </summary>
internal sealed class FakeEc2LambdaEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _interfacesXml;
    private readonly string _functionsJson;

    private FakeEc2LambdaEndpoint(int port, string interfacesXml, string functionsJson)
    {
        Url = $"http://127.0.0.1:{port}";
        _interfacesXml = interfacesXml;
        _functionsJson = functionsJson;
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public List<string> Requests { get; } = [];

    /// <param name="interfacesXml">The networkInterfaceSet items of the DescribeNetworkInterfaces answer.</param>
    /// <param name="functionsJson">The Functions array of the ListFunctions answer.</param>
    public static FakeEc2LambdaEndpoint Start(string interfacesXml, string functionsJson)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new FakeEc2LambdaEndpoint(port, interfacesXml, functionsJson);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            string contentType;
            string answer;
            if (context.Request.HttpMethod == "POST" && body.Contains("Action=DescribeNetworkInterfaces", StringComparison.Ordinal))
            {
                lock (Requests)
                {
                    Requests.Add("ec2:DescribeNetworkInterfaces " + body);
                }

                contentType = "text/xml";
                answer = $"""<?xml version="1.0" encoding="UTF-8"?><DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-1</requestId><networkInterfaceSet>{_interfacesXml}</networkInterfaceSet></DescribeNetworkInterfacesResponse>""";
            }
            else if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath.StartsWith("/2015-03-31/functions", StringComparison.Ordinal))
            {
                lock (Requests)
                {
                    Requests.Add("lambda:ListFunctions");
                }

                contentType = "application/json";
                answer = $$"""{"Functions":{{_functionsJson}}}""";
            }
            else
            {
                context.Response.StatusCode = 400;
                contentType = "text/plain";
                answer = $"fake endpoint: unexpected {context.Request.HttpMethod} {context.Request.Url} {body}";
            }

            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
