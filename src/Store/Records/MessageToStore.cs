using System.Net;

namespace RocketMQ.Store.Records;

/// <summary>
/// One message as a producer sent it, ready to be stored. The store adds what only it knows (store timestamp, store
/// host) and the replicated log assigns the rest (queue offset, commit-log offset) when the entry is applied.
/// </summary>
/// <remarks>Encoded by <see cref="MessageBatchWriter"/>; the strings are written as UTF-8 and not retained.</remarks>
public readonly record struct MessageToStore
{
    /// <summary>The topic (at most 127 UTF-8 bytes).</summary>
    public required string Topic { get; init; }

    public int QueueId { get; init; }

    /// <summary>The producer's message flag (opaque to the broker).</summary>
    public int Flag { get; init; }

    /// <summary>MessageSysFlag bits; the host IPv6 bits are set by the writer from the hosts themselves.</summary>
    public int SysFlag { get; init; }

    public long BornTimestamp { get; init; }

    /// <summary>The producer's address; <see langword="null"/> is written as 0.0.0.0:0.</summary>
    public IPEndPoint? BornHost { get; init; }

    public int ReconsumeTimes { get; init; }

    public long PreparedTransactionOffset { get; init; }

    /// <summary>The properties string (<c>name\u0001value\u0002</c>…), or null for none.</summary>
    public string? Properties { get; init; }

    /// <summary>The body as sent (already compressed when <see cref="SysFlag"/> says so).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}
