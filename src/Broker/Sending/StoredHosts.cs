using System.Buffers.Binary;
using System.Net;

namespace RocketMQ.Broker.Sending;

/// <summary>Reads a stored message's BORNHOST / STOREHOST: 4 (IPv4) or 16 (IPv6) address bytes, int32 port.</summary>
internal static class StoredHosts
{
    /// <summary>The address and port in <paramref name="host"/> (as <c>StoredMessage.BornHost</c> slices it).</summary>
    public static IPEndPoint Read(ReadOnlySpan<byte> host)
    {
        var addressBytes = host.Length - sizeof(int);
        return new IPEndPoint(new IPAddress(host[..addressBytes]),
            BinaryPrimitives.ReadInt32BigEndian(host[addressBytes..]));
    }
}
