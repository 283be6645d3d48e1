using System.Globalization;
using RocketMQ.Broker.Admin;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>GET_BROKER_RUNTIME_INFO (28) over raw TCP.</summary>
public sealed class RuntimeInfoAdminTests(AdminBrokerFixture fixture) : IClassFixture<AdminBrokerFixture>
{
    private BrokerHarness Broker => fixture.Broker;

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Runtime_info_has_the_keys_Java_tools_read_and_the_Raft_view(SerializeType serialization)
    {
        var table = await GetAsync(serialization);

        Assert.Equal(("409", "V4_9_8"), (table["brokerVersion"], table["brokerVersionDesc"]));
        foreach (var key in new[] { "putTps", "getTransferedTps", "getFoundTps", "getMissTps", "getTotalTps" })
        {
            var rates = table[key].Split(' ');
            Assert.Equal(3, rates.Length);
            Assert.All(rates, rate => double.Parse(rate, CultureInfo.InvariantCulture));
        }

        foreach (var key in new[] { "msgPutTotalYesterdayMorning", "msgPutTotalTodayMorning", "msgPutTotalTodayNow",
                     "msgGetTotalYesterdayMorning", "msgGetTotalTodayMorning", "msgGetTotalTodayNow",
                     "bootTimestamp", "commitLogMinOffset", "commitLogMaxOffset", "raftTerm" })
        {
            Assert.True(long.TryParse(table[key], CultureInfo.InvariantCulture, out _), $"{key}={table[key]}");
        }

        Assert.StartsWith("[ 0 days, 0 hours, ", table["runtime"], StringComparison.Ordinal);
        Assert.True(long.Parse(table["commitLogMaxOffset"], CultureInfo.InvariantCulture)
            > long.Parse(table["commitLogMinOffset"], CultureInfo.InvariantCulture));
        Assert.True(double.Parse(table["commitLogDiskRatio"], CultureInfo.InvariantCulture) is >= 0 and <= 1);
        Assert.Equal(("Leader", "n0", "n0", "0"),
            (table["raftRole"], table["raftSelfId"], table["raftLeaderId"], table["brokerId"]));
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Stored_messages_and_reported_gets_are_counted(SerializeType serialization)
    {
        var topic = Name("Counted", serialization);
        AssertCode(ResponseCode.Success, await Broker.InvokeAsync(CreateTopic(topic), serialization));
        var before = await GetAsync(serialization);

        // The stats count on the store's apply event, which may run just after the put returns; this handler runs
        // after theirs (subscribed at start).
        var stats = Broker.Context.Get<BrokerStats>();
        var expected = stats.MessagesPutTotal + 5;
        var counted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnArrived(string arrivedTopic, int queueId, long maxOffset)
        {
            if (stats.MessagesPutTotal >= expected)
            {
                counted.TrySetResult();
            }
        }

        Broker.Context.Store.MessagesArrived += OnArrived;
        try
        {
            await PutAsync(Broker, topic, 0, 3, "c");
            await PutAsync(Broker, topic, 1, 2, "c");
            await counted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Broker.Context.Store.MessagesArrived -= OnArrived;
        }

        stats.RecordGet(4);
        stats.RecordGet(0);

        var after = await GetAsync(serialization);
        Assert.Equal(5, Total(after, "msgPutTotalTodayNow") - Total(before, "msgPutTotalTodayNow"));
        Assert.Equal(5, Total(after, "putMessageTimesTotal") - Total(before, "putMessageTimesTotal"));
        Assert.Equal(4, Total(after, "msgGetTotalTodayNow") - Total(before, "msgGetTotalTodayNow"));
        Assert.True(double.Parse(after["putTps"].Split(' ')[0], CultureInfo.InvariantCulture) > 0);
    }

    private static long Total(Dictionary<string, string> table, string key) =>
        long.Parse(table[key], CultureInfo.InvariantCulture);

    private async Task<Dictionary<string, string>> GetAsync(SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.GetBrokerRuntimeInfo),
            serialization);
        AssertCode(ResponseCode.Success, response);
        Assert.Equal(serialization, response.SerializeType);
        return RemotingJson.Deserialize(response.Body, RemotingJsonContext.Default.KvTable).Table;
    }
}
