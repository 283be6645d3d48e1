using RocketMQ.Broker.Registration;
using RocketMQ.Broker.Topics;

namespace RocketMQ.Broker;

/// <summary>The broker's modules in start order.</summary>
public static class BrokerModules
{
    /// <summary>Everything a production broker runs.</summary>
    public static IReadOnlyList<IBrokerModule> Default(BrokerOptions options) =>
    [
        new NameServerRegistration(),
        new SystemTopics(),
        new Sending.SendModule(),
        new Consuming.ConsumeModule(),
        new Admin.AdminModule(),
    ];
}
