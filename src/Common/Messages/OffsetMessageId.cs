using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace RocketMQ.Common.Messages;

/// <summary>
/// RocketMQ's <c>offsetMsgId</c>: upper-case hex of the store host's address (4 bytes IPv4 or 16 IPv6), its port
/// (4 bytes) and the message's commit-log offset (8 bytes, big-endian) — 32 hex characters for IPv4, 56 for IPv6.
/// VIEW_MESSAGE_BY_ID decodes the offset from it.
/// </summary>
public static class OffsetMessageId
{
    /// <summary>Builds the id for a message stored at <paramref name="commitLogOffset"/> by <paramref name="storeHost"/>.</summary>
    public static string Create(IPEndPoint storeHost, long commitLogOffset)
    {
        ArgumentNullException.ThrowIfNull(storeHost);
        var addressBytes = storeHost.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 16 : 4;
        Span<byte> raw = stackalloc byte[16 + 4 + 8];
        raw = raw[..(addressBytes + 12)];
        if (!storeHost.Address.TryWriteBytes(raw, out var written) || written != addressBytes)
        {
            throw new ArgumentException($"address {storeHost.Address} cannot be written", nameof(storeHost));
        }

        BinaryPrimitives.WriteInt32BigEndian(raw[addressBytes..], storeHost.Port);
        BinaryPrimitives.WriteInt64BigEndian(raw[(addressBytes + 4)..], commitLogOffset);
        return Convert.ToHexString(raw);
    }

    /// <summary>Decodes an id made by <see cref="Create"/> (or by a Java broker).</summary>
    /// <returns>False when <paramref name="id"/> is not 32 or 56 hex characters.</returns>
    public static bool TryParse(ReadOnlySpan<char> id, out IPEndPoint storeHost, out long commitLogOffset)
    {
        storeHost = new IPEndPoint(IPAddress.None, 0);
        commitLogOffset = 0;
        if (id.Length is not (32 or 56))
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[28];
        raw = raw[..(id.Length / 2)];
        if (Convert.FromHexString(id, raw, out _, out var written) != System.Buffers.OperationStatus.Done ||
            written != raw.Length)
        {
            return false;
        }

        var addressBytes = raw.Length - 12;
        storeHost = new IPEndPoint(new IPAddress(raw[..addressBytes]),
            BinaryPrimitives.ReadInt32BigEndian(raw[addressBytes..]));
        commitLogOffset = BinaryPrimitives.ReadInt64BigEndian(raw[(addressBytes + 4)..]);
        return true;
    }
}
