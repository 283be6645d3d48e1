using System.Text;
using RocketMQ.Broker.Tests.Sending;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>LEADERSHIP_TRANSFER (30001) on a real three-member group over the in-memory Raft network.</summary>
public sealed class LeadershipTransferTests
{
    [Fact]
    public async Task Leadership_moves_to_the_named_member_and_sends_follow_it()
    {
        await using var group = await BrokerGroupHarness.StartAsync();
        var leader = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(20));

        foreach (var serialization in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            var target = BrokerGroupHarness.Ids.First(id => id != leader);
            var response = await TransferAsync(group, leader, target, serialization);

            Assert.Equal(ResponseCode.Success, response.Code);
            Assert.Equal(serialization, response.SerializeType);
            Assert.Contains($"member {target}", response.Remark);
            var now = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(target, now);

            // The name servers' master follows the role, and so do writes: the new leader takes a send, the old one
            // refuses it as a follower.
            var topic = $"TransferTopic_{serialization}";
            Assert.True((await group.Context(now).Store.UpdateTopicAsync(new(topic)
            {
                ReadQueueNums = 1,
                WriteQueueNums = 1,
            })).IsOk);
            Assert.Equal(ResponseCode.Success, (await group.InvokeAsync(now, Send(topic), serialization)).Code);
            Assert.Equal(ResponseCode.ServiceNotAvailable,
                (await group.InvokeAsync(leader, Send(topic), serialization)).Code);
            leader = now;
        }
    }

    [Fact]
    public async Task Refusals_name_the_members_or_the_leader()
    {
        await using var group = await BrokerGroupHarness.StartAsync();
        var leader = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(20));
        var follower = BrokerGroupHarness.Ids.First(id => id != leader);

        foreach (var serialization in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            var unknown = await group.InvokeAsync(leader, Transfer("n9"), serialization);
            Assert.Equal(ResponseCode.SystemError, unknown.Code);
            Assert.Contains("no member 'n9'", unknown.Remark);
            Assert.Contains("n0, n1, n2", unknown.Remark);

            var offLeader = await group.InvokeAsync(follower, Transfer(follower), serialization);
            Assert.Equal(ResponseCode.ServiceNotAvailable, offLeader.Code);
            Assert.Contains($"the leader is {leader} at {group.Address(leader)}", offLeader.Remark);

            var self = await group.InvokeAsync(leader, Transfer(leader), serialization);
            Assert.Equal(ResponseCode.Success, self.Code);
            Assert.Contains("already leads", self.Remark);

            var missing = await group.InvokeAsync(leader, RemotingCommand.CreateRequest(RequestCode.LeadershipTransfer),
                serialization);
            Assert.Equal(ResponseCode.SystemError, missing.Code);
            Assert.Contains("targetId", missing.Remark);
        }

        Assert.Equal(leader, await group.WaitForLeaderAsync(TimeSpan.FromSeconds(5)));
    }

    internal static RemotingCommand Transfer(string targetId) =>
        RemotingCommand.CreateRequest(RequestCode.LeadershipTransfer,
            new LeadershipTransferRequestHeader { TargetId = targetId });

    /// <summary>
    /// Asks the leader to hand over; a hand-over can lose the race against another follower's election timer on a
    /// loaded box (SYSTEM_BUSY, then a normal election), so it is asked again of whoever leads then, as an operator
    /// would.
    /// </summary>
    private static async Task<RemotingCommand> TransferAsync(BrokerGroupHarness group, string leader, string target,
        SerializeType serialization)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await group.InvokeAsync(leader, Transfer(target), serialization);
            if (response.Code != ResponseCode.SystemBusy || attempt == 3)
            {
                return response;
            }

            Assert.Contains("timed out", response.Remark);
            leader = await group.WaitForLeaderAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static RemotingCommand Send(string topic) => SendRequests.Send(RequestCode.SendMessageV2,
        SendRequests.Header(topic, properties: SendRequests.Properties("U-" + Guid.NewGuid().ToString("N"))),
        Encoding.UTF8.GetBytes("after the transfer"));
}
