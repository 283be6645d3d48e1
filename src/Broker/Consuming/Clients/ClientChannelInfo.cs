using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;

namespace RocketMQ.Broker.Consuming.Clients;

/// <summary>
/// A client connection as a producer or consumer group knows it (RocketMQ's <c>ClientChannelInfo</c>): the channel,
/// the client id from its heartbeat, its language and version, the serialization it speaks, and when it last sent a
/// heartbeat.
/// </summary>
/// <remarks>Thread-safe: only <see cref="LastUpdateTimestamp"/> changes, atomically.</remarks>
public sealed class ClientChannelInfo
{
    private long _lastUpdateTimestamp;

    public ClientChannelInfo(IRemotingChannel channel, string clientId, LanguageCode language, int version,
        SerializeType serializeType, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Channel = channel;
        ClientId = clientId;
        Language = language;
        Version = version;
        SerializeType = serializeType;
        _lastUpdateTimestamp = nowMs;
    }

    public IRemotingChannel Channel { get; }

    /// <summary>The id the client gave (<c>ip@instance</c> for Java clients).</summary>
    public string ClientId { get; }

    public LanguageCode Language { get; }

    public int Version { get; }

    /// <summary>The serialization of the client's heartbeat; requests the broker sends it use the same (ali-ons
    /// reads only JSON).</summary>
    public SerializeType SerializeType { get; }

    /// <summary>Time of the last heartbeat (ms since the epoch).</summary>
    public long LastUpdateTimestamp
    {
        get => Volatile.Read(ref _lastUpdateTimestamp);
        set => Volatile.Write(ref _lastUpdateTimestamp, value);
    }

    /// <summary>The language as Java names it in bodies (<c>JAVA</c>, <c>DOTNET</c>, …).</summary>
    public string LanguageName => Language.ToString().ToUpperInvariant();

    public override string ToString() => $"{ClientId} at {Channel.RemoteAddress} ({LanguageName} v{Version})";
}
