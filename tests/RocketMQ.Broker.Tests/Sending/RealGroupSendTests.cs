using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>The sending area in the production module list, on real DLedger members.</summary>
public sealed class RealGroupSendTests
{
    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task Every_send_code_works_on_a_one_member_raft_group(SerializeType serialization)
    {
        await using var broker = await BrokerHarness.StartAsync();
        Assert.True((await broker.Context.Store.UpdateTopicAsync(new("RealTopic")
        {
            ReadQueueNums = 2,
            WriteQueueNums = 2
        })).IsOk);

        var single = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessage,
            SendRequests.Header("RealTopic", properties: SendRequests.Properties("U-R1")),
            Encoding.UTF8.GetBytes("v1")), serialization);
        var v2 = await broker.InvokeAsync(SendRequests.Send(RequestCode.SendMessageV2,
            SendRequests.Header("RealTopic", properties: SendRequests.Properties("U-R2")),
            Encoding.UTF8.GetBytes("v2")), serialization);
        var batch = await broker.InvokeAsync(SendRequests.Batch(SendRequests.Header("RealTopic"),
            ("b1", "UNIQ_KEY\u0001U-B1"), ("b2", "UNIQ_KEY\u0001U-B2")), serialization);

        Assert.Equal([ResponseCode.Success, ResponseCode.Success, ResponseCode.Success],
            new[] { single.Code, v2.Code, batch.Code });
        Assert.Equal([0L, 1, 2], new[] { single, v2, batch }.Select(r =>
            r.DecodeHeader<SendMessageResponseHeader>().QueueOffset));
        var stored = await SendRequests.ReadQueueAsync(broker.Context.Store, "RealTopic", 0);
        Assert.Equal(["v1", "v2", "b1", "b2"], stored.Select(m => m.Body));

        var offset = SendRequests.OffsetOf(single.DecodeHeader<SendMessageResponseHeader>().MsgId);
        var back = await broker.InvokeAsync(SendRequests.SendBack(offset, "CG_REAL"), serialization);
        Assert.Equal(ResponseCode.Success, back.Code);
        var scheduled = Assert.Single(await SendRequests.ReadQueueAsync(broker.Context.Store, "SCHEDULE_TOPIC_XXXX",
            2));
        Assert.Equal("%RETRY%CG_REAL", scheduled.Properties["REAL_TOPIC"]);
    }

    [Theory]
    [InlineData(SerializeType.Json)]
    [InlineData(SerializeType.RocketMq)]
    public async Task A_member_of_a_group_without_a_leader_refuses_writes_as_retriable(SerializeType serialization)
    {
        // Two members, only one running: no majority, so no leader, ever.
        var directory = Path.Combine(Path.GetTempPath(), "send-noleader-" + Guid.NewGuid().ToString("N"));
        var options = new BrokerOptions
        {
            BrokerName = "broker-noleader",
            ListenPort = BrokerHarness.FreePort(),
            StorePathRootDir = directory,
            DLegerPeers = $"n0-127.0.0.1:{BrokerHarness.FreePort()};n1-127.0.0.1:{BrokerHarness.FreePort()}",
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        var controller = new BrokerController(options, BrokerModules.Default(options), NullLoggerFactory.Instance,
            TimeProvider.System);
        try
        {
            await controller.StartAsync();
            await using var client = new TcpRemotingClient(new RemotingOptions(), null, NullLoggerFactory.Instance,
                TimeProvider.System);
            var address = $"127.0.0.1:{controller.ListenEndPoint!.Port}";
            var send = SendRequests.Send(RequestCode.SendMessageV2, SendRequests.Header("AnyTopic"), [1]);
            send.SerializeType = serialization;
            var back = SendRequests.SendBack(12345, "CG");
            back.SerializeType = serialization;

            var sent = await client.InvokeAsync(address, send, TimeSpan.FromSeconds(30));
            var sentBack = await client.InvokeAsync(address, back, TimeSpan.FromSeconds(30));

            Assert.Equal(ResponseCode.ServiceNotAvailable, sent.Code);
            Assert.Contains("not the leader", sent.Remark);
            Assert.Equal(ResponseCode.ServiceNotAvailable, sentBack.Code);
            Assert.Equal(serialization, sent.SerializeType);
        }
        finally
        {
            await controller.DisposeAsync();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
