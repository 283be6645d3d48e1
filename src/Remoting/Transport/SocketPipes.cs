using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace RocketMQ.Remoting.Transport;

/// <summary>Wraps a connected socket as an <see cref="IDuplexPipe"/> for <see cref="RemotingConnection"/>.</summary>
/// <remarks>Owns the socket: <see cref="Dispose"/> closes it.</remarks>
internal sealed class SocketPipes : IDuplexPipe
{
    private const int ReceiveBufferBytes = 64 * 1024;
    private const int MinimumReadBytes = 4096;

    /// <summary>
    /// The writer's segment size. A stream pipe writer hands the socket one segment per send call, so with the 4 KiB
    /// default a 32-message pull response (~40 KiB) took ten send() calls, each running the whole loopback/TCP path;
    /// with 64 KiB a response or a flush of many small ones is one or two.
    /// </summary>
    private const int WriteSegmentBytes = 64 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    /// <exception cref="SocketException">The socket was reset before it could be set up.</exception>
    public SocketPipes(Socket socket)
    {
        _socket = socket;

        // Requests and responses are small and latency-bound; the writer loop already batches per flush.
        _socket.NoDelay = true;
        LocalAddress = Format(socket.LocalEndPoint);
        RemoteAddress = Format(socket.RemoteEndPoint);
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(
            bufferSize: ReceiveBufferBytes, minimumReadSize: MinimumReadBytes, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(
            minimumBufferSize: WriteSegmentBytes, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public string LocalAddress { get; }

    public string RemoteAddress { get; }

    /// <summary>Closes the socket; pending reads and writes fail and the connection's loops end.</summary>
    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _stream.Dispose();
    }

    /// <summary>RocketMQ writes addresses as <c>ip:port</c> (IPv4 without brackets).</summary>
    public static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => $"{ip.Address.MapToIPv4()}:{ip.Port}",
        IPEndPoint ip when ip.AddressFamily == AddressFamily.InterNetworkV6 => $"[{ip.Address}]:{ip.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        null => "unknown",
        _ => endPoint.ToString() ?? "unknown",
    };
}
