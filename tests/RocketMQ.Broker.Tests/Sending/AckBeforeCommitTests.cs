using System.Text;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker.Sending;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>
/// The chaos tests' canary (<c>testOnlyAckBeforeCommit</c>) on a three-member group: a leader cut off from both
/// followers can never commit, so SEND_OK from it proves the answer came before the commit, and the followers' new
/// leader, which never saw the message, proves an acknowledged message is lost. The same steps without the switch
/// must get no SEND_OK.
/// </summary>
public sealed class AckBeforeCommitTests
{
    private const string Topic = "CanaryTopic";
    private const int AckBeforeCommitWarning = 5007;

    [Fact]
    public async Task With_the_canary_an_isolated_leader_acknowledges_sends_it_cannot_commit_and_they_are_lost()
    {
        var loggers = new WarningRecorder();
        await using var group = await BrokerGroupHarness.StartAsync(o =>
        {
            SlowElections(o);
            o.TestOnlyAckBeforeCommit = true;
        }, loggers);
        var leader = await IsolatedLeaderWithTopicAsync(group);

        var single = await group.InvokeAsync(leader, Send("lost-1"), SerializeType.Json, TimeSpan.FromSeconds(10));
        var batch = await group.InvokeAsync(leader, SendRequests.Batch(SendRequests.Header(Topic),
            ("lost-2", "UNIQ_KEY\u0001U-2"), ("lost-3", "UNIQ_KEY\u0001U-3")), SerializeType.RocketMq,
            TimeSpan.FromSeconds(10));

        foreach (var response in new[] { single, batch })
        {
            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(SendMessageProcessor.AckBeforeCommitRemark, response.Remark);
            var header = response.DecodeHeader<SendMessageResponseHeader>();
            Assert.Equal((-1L, SendMessageProcessor.UnknownMessageId, 0),
                (header.QueueOffset, header.MsgId, header.QueueId));
        }

        // Nothing was applied on the old leader (it applies only what commits), and the followers' own leader never
        // received the entries: the acknowledged messages are gone.
        Assert.Empty(await SendRequests.ReadQueueAsync(group.Context(leader).Store, Topic, 0));
        var next = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(30), except: leader);
        Assert.Empty(await SendRequests.ReadQueueAsync(group.Context(next).Store, Topic, 0));
        Assert.Equal(BrokerGroupHarness.Ids.Count, loggers.Entries.Count(e =>
            e.EventId == AckBeforeCommitWarning && e.Level == LogLevel.Warning
            && e.Message.Contains("LOSES ACKNOWLEDGED MESSAGES", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_the_canary_an_isolated_leader_never_acknowledges_a_send()
    {
        var loggers = new WarningRecorder();
        await using var group = await BrokerGroupHarness.StartAsync(SlowElections, loggers);
        var leader = await IsolatedLeaderWithTopicAsync(group);

        RemotingCommand? response = null;
        try
        {
            response = await group.InvokeAsync(leader, Send("kept-back"), SerializeType.Json,
                TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // No answer at all is no SEND_OK either; normally the leader steps down and answers an error.
        }

        Assert.NotEqual(ResponseCode.Success, response?.Code);
        Assert.DoesNotContain(loggers.Entries, e => e.EventId == AckBeforeCommitWarning);
    }

    /// <summary>
    /// Elections slower than the defaults: the isolated leader must still believe it leads when the send arrives.
    /// It notices the isolation only when a heartbeat round fails, and a round's connects wait half the minimum
    /// election timeout before they do, so this leaves it about a second.
    /// </summary>
    private static void SlowElections(BrokerOptions options)
    {
        options.DLedger.ElectionTimeoutMinMs = 1500;
        options.DLedger.ElectionTimeoutMaxMs = 3000;
    }

    /// <summary>Creates the topic through the log (committed on all three), then cuts the leader off both followers.
    /// </summary>
    private static async Task<string> IsolatedLeaderWithTopicAsync(BrokerGroupHarness group)
    {
        var leader = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(20));
        Assert.True((await group.Context(leader).Store.UpdateTopicAsync(new(Topic)
        {
            ReadQueueNums = 1,
            WriteQueueNums = 1,
        })).IsOk);
        group.Network.Isolate(group.RaftEndPoint(leader));
        return leader;
    }

    private static RemotingCommand Send(string body) => SendRequests.Send(RequestCode.SendMessageV2,
        SendRequests.Header(Topic, properties: SendRequests.Properties("U-" + body)), Encoding.UTF8.GetBytes(body));
}
