using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol.Body;

namespace RocketMQ.NameServer.Routing;

/// <summary>What the name server knows about one broker address since its last registration.</summary>
/// <param name="LastUpdateMs">Unix time (ms) of the last registration or data-version query.</param>
/// <param name="DataVersion">The broker's topic-config version at that time.</param>
/// <param name="Channel">The connection it registered over; closing it removes the broker at once.</param>
/// <param name="HaServerAddr">The broker's HA address (handed to its slaves).</param>
public sealed record BrokerLiveInfo(long LastUpdateMs, DataVersion DataVersion, IRemotingChannel? Channel,
    string HaServerAddr);

/// <summary>A broker's registration, as REGISTER_BROKER carries it.</summary>
public sealed record BrokerRegistration(
    string ClusterName,
    string BrokerAddr,
    string BrokerName,
    long BrokerId,
    string HaServerAddr,
    TopicConfigSerializeWrapper? TopicConfig,
    IReadOnlyList<string> FilterServers,
    IRemotingChannel? Channel);

/// <summary>Answer to a registration: a slave learns where its master is.</summary>
public sealed record RegisterBrokerResult(string? HaServerAddr, string? MasterAddr);
