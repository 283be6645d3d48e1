using RocketMQ.Broker.Scheduling;
using RocketMQ.Broker.Topics;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Dispatch;

namespace RocketMQ.Broker.Sending;

/// <summary>
/// The sending area: SEND_MESSAGE (10), SEND_MESSAGE_V2 (310), SEND_BATCH_MESSAGE (320), CONSUMER_SEND_MSG_BACK (36),
/// the <see cref="TopicService"/> (topic lookup and on-demand creation) and the <see cref="ScheduleMessageService"/>
/// (delivery of delayed messages when this broker leads), both registered in the <see cref="BrokerContext"/>.
/// </summary>
public sealed class SendModule : IBrokerModule
{
    private readonly Random _random;
    private ScheduleMessageService? _schedule;

    /// <param name="random">Picks queues for sends that leave the choice to the broker (seed it in tests);
    /// null = a shared generator.</param>
    public SendModule(Random? random = null) => _random = random ?? new Random();

    public void Register(BrokerContext context, RequestDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(dispatcher);
        var topics = new TopicService(context);
        context.Add(topics);
        var groups = new GroupLookup(context);
        dispatcher.Register(new SendMessageProcessor(context, topics, groups, _random),
            RequestCode.SendMessage, RequestCode.SendMessageV2, RequestCode.SendBatchMessage);
        dispatcher.Register(RequestCode.ConsumerSendMsgBack,
            new ConsumerSendBackProcessor(context, topics, groups, _random));
        _schedule = new ScheduleMessageService(context);
        context.Add(_schedule);
    }

    public Task StartAsync(CancellationToken token) => _schedule?.StartAsync(token) ?? Task.CompletedTask;

    public Task StopAsync() => _schedule?.StopAsync() ?? Task.CompletedTask;
}
