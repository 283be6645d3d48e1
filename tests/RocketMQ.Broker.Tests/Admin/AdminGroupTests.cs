using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Remoting.Transport;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>
/// Admin writes as replicated state: they survive a restart (a new controller on the same directory and ports), and
/// a member that does not lead its group refuses them with a retriable code naming the leader while still answering
/// reads.
/// </summary>
public sealed class AdminGroupTests : IAsyncDisposable
{
    private readonly List<string> _directories = [];
    private readonly TcpRemotingClient _client =
        new(new RemotingOptions(), null, NullLoggerFactory.Instance, TimeProvider.System);

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Created_topics_and_groups_survive_a_broker_restart(SerializeType serialization)
    {
        var (clientPort, raftPort, directory) = (BrokerHarness.FreePort(), BrokerHarness.FreePort(), NewDirectory());
        var topic = Name("Durable", serialization);
        var group = Name("CID_Durable", serialization);
        await using (var first = await StartAsync(Options("n0", clientPort, directory, $"n0-127.0.0.1:{raftPort}")))
        {
            await WaitForRoleAsync(first, leader: true);
            AssertCode(ResponseCode.Success,
                await InvokeAsync(first, CreateTopic(topic, 5, 7, perm: 6), serialization));
            AssertCode(ResponseCode.Success, await InvokeAsync(first, WithBody(
                RequestCode.UpdateAndCreateSubscriptionGroup, $$"""{"groupName":"{{group}}","retryMaxTimes":4}"""),
                serialization));
        }

        await using var second = await StartAsync(Options("n0", clientPort, directory, $"n0-127.0.0.1:{raftPort}"));
        await WaitForRoleAsync(second, leader: true);

        var topics = ReadTopics(await InvokeAsync(second,
            RemotingCommand.CreateRequest(RequestCode.GetAllTopicConfig), serialization));
        var config = topics.TopicConfigTable[topic];
        Assert.Equal((5, 7, 6), (config.ReadQueueNums, config.WriteQueueNums, config.Perm));
        Assert.Equal(4, second.Context.Store.Config.FindGroup(group)!.RetryMaxTimes);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_follower_refuses_admin_writes_naming_the_leader_and_answers_reads(SerializeType serialization)
    {
        int[] clientPorts = [BrokerHarness.FreePort(), BrokerHarness.FreePort()];
        var peers = $"n0-127.0.0.1:{BrokerHarness.FreePort()};n1-127.0.0.1:{BrokerHarness.FreePort()}";
        await using var n0 = await StartAsync(Options("n0", clientPorts[0], NewDirectory(), peers));
        await using var n1 = await StartAsync(Options("n1", clientPorts[1], NewDirectory(), peers));
        var leader = await WhenAnyLeadsAsync(n0, n1);
        var follower = leader == n0 ? n1 : n0;
        await WaitForRoleAsync(follower, leader: false);
        var leaderId = leader.Context.Log.SelfId;

        var writes = new[]
        {
            CreateTopic(Name("OnFollower", serialization)),
            TopicRequest(RequestCode.DeleteTopicInBroker, "AnyTopic"),
            WithBody(RequestCode.UpdateAndCreateSubscriptionGroup, """{"groupName":"CID_F"}"""),
            RemotingCommand.CreateRequest(RequestCode.DeleteSubscriptionGroup,
                new DeleteSubscriptionGroupRequestHeader { GroupName = "CID_F" }),
        };
        foreach (var write in writes)
        {
            var response = await InvokeAsync(follower, write, serialization);

            AssertCode(ResponseCode.ServiceNotAvailable, response);
            Assert.Contains($"the leader is {leaderId}", response.Remark, StringComparison.Ordinal);
        }

        // The leader appends the system topics once elected; the follower answers from what it has applied.
        await WhenSystemTopicsAsync(leader.Context);
        await follower.Context.Store.WaitForAppliedAsync(leader.Context.Store.AppliedIndex)
            .WaitAsync(TimeSpan.FromSeconds(20));
        var topics = ReadTopics(await InvokeAsync(follower,
            RemotingCommand.CreateRequest(RequestCode.GetAllTopicConfig), serialization));
        Assert.Contains(Topics.SystemTopics.SelfTest, topics.TopicConfigTable.Keys);
        AssertCode(ResponseCode.Success, await InvokeAsync(follower,
            RemotingCommand.CreateRequest(RequestCode.GetBrokerRuntimeInfo), serialization));
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        foreach (var directory in _directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "broker-admin-test-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return directory;
    }

    private static BrokerOptions Options(string selfId, int clientPort, string directory, string peers)
    {
        var options = new BrokerOptions
        {
            BrokerName = "broker-admin",
            ListenPort = clientPort,
            StorePathRootDir = directory,
            DLegerSelfId = selfId,
            DLegerPeers = peers,
        };
        options.Store.MappedFileSizeConsumeQueue = 20 * 1024;
        options.Store.MaxHashSlotNum = 1024;
        options.Store.MaxIndexNum = 4096;
        return options;
    }

    private static async Task<BrokerController> StartAsync(BrokerOptions options)
    {
        var controller = new BrokerController(options, BrokerModules.Default(options), NullLoggerFactory.Instance,
            TimeProvider.System);
        await controller.StartAsync();
        return controller;
    }

    private Task<RemotingCommand> InvokeAsync(BrokerController broker, RemotingCommand request,
        SerializeType serialization)
    {
        request.SerializeType = serialization;
        return _client.InvokeAsync($"127.0.0.1:{broker.ListenEndPoint!.Port}", request, TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits (20 s at most) until <paramref name="broker"/> leads, or follows a known leader.</summary>
    private static async Task WaitForRoleAsync(BrokerController broker, bool leader)
    {
        bool Reached(ReplicaState state) => leader ? state.IsLeader : !state.IsLeader && state.LeaderId is not null;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRole(ReplicaState state)
        {
            if (Reached(state))
            {
                reached.TrySetResult();
            }
        }

        broker.Context.Log.RoleChanged += OnRole;
        try
        {
            if (!Reached(broker.Context.Log.State))
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        finally
        {
            broker.Context.Log.RoleChanged -= OnRole;
        }
    }

    private static async Task<BrokerController> WhenAnyLeadsAsync(BrokerController a, BrokerController b)
    {
        using var stop = new CancellationTokenSource();
        var winner = await Task.WhenAny(WaitForRoleAsync(a, leader: true), WaitForRoleAsync(b, leader: true))
            .WaitAsync(TimeSpan.FromSeconds(30));
        await winner;
        return a.Context.Log.State.IsLeader ? a : b;
    }
}
