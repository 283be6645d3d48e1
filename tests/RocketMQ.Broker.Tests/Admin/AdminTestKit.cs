using System.Net;
using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using RocketMQ.Store.Records;
using RocketMQ.Store.Writing;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>One broker shared by the tests of a class (they run one after another); started and stopped once.</summary>
public sealed class AdminBrokerFixture : IAsyncLifetime
{
    private BrokerHarness? _broker;

    internal BrokerHarness Broker => _broker ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _broker = await BrokerHarness.StartAsync();

        // Tests that compare topic versions start once the leader's system topics are in.
        await AdminTestKit.WhenSystemTopicsAsync(_broker.Context);
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

/// <summary>Raw requests and readers the admin tests share.</summary>
internal static class AdminTestKit
{
    /// <summary>
    /// Waits (10 s at most) until a leader has appended its system topics: the leader registers with the name
    /// servers right after (SystemTopics), so each registration round is the moment to look.
    /// </summary>
    public static async Task WhenSystemTopicsAsync(BrokerContext leader)
    {
        var expected = Topics.SystemTopics.Expected(leader.Options).Select(t => t.TopicName).ToList();
        bool AllIn() => expected.TrueForAll(topic => leader.Store.Config.FindTopic(topic) is not null);
        var registration = leader.Get<Registration.NameServerRegistration>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRegistered(long brokerId)
        {
            if (AllIn())
            {
                done.TrySetResult();
            }
        }

        registration.Registered += OnRegistered;
        try
        {
            if (!AllIn())
            {
                await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            registration.Registered -= OnRegistered;
        }
    }

    /// <summary>Both header serializations, for theories.</summary>
    public static TheoryData<SerializeType> Serializations => new() { SerializeType.Json, SerializeType.RocketMq };

    /// <summary>A unique topic name for one test case (names stay within the 127-character rule).</summary>
    public static string Name(string prefix, SerializeType serialization) =>
        $"{prefix}_{serialization}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 20, 120)];

    public static RemotingCommand CreateTopic(string topic, int readQueueNums = 4, int writeQueueNums = 4,
        int perm = 6, string filterType = "SINGLE_TAG", bool order = false) =>
        RemotingCommand.CreateRequest(RequestCode.UpdateAndCreateTopic, new CreateTopicRequestHeader
        {
            Topic = topic,
            DefaultTopic = "TBW102",
            ReadQueueNums = readQueueNums,
            WriteQueueNums = writeQueueNums,
            Perm = perm,
            TopicFilterType = filterType,
            TopicSysFlag = 0,
            Order = order,
        });

    public static RemotingCommand TopicRequest(int code, string topic) =>
        RemotingCommand.CreateRequest(code, new TopicHeader { Topic = topic });

    public static RemotingCommand WithBody(int code, string body)
    {
        var request = RemotingCommand.CreateRequest(code);
        request.Body = Encoding.UTF8.GetBytes(body);
        return request;
    }

    /// <summary>Asserts the response code, showing the remark when it differs.</summary>
    public static void AssertCode(int expected, RemotingCommand response) =>
        Assert.True(expected == response.Code,
            $"expected code {expected}, got {response.Code}: {response.Remark}");

    public static TopicConfigSerializeWrapper ReadTopics(RemotingCommand response)
    {
        AssertCode(ResponseCode.Success, response);
        return RemotingJson.Deserialize(response.Body, AdminJsonContext.Default.TopicConfigSerializeWrapper);
    }

    public static async Task<TopicConfigSerializeWrapper> GetAllTopicsAsync(BrokerHarness broker,
        SerializeType serialization) =>
        ReadTopics(await broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.GetAllTopicConfig),
            serialization));

    /// <summary>Stores <paramref name="count"/> messages in one queue through the store (keys "k{i}" and
    /// <paramref name="key"/>), returning the put results.</summary>
    public static async Task<List<PutMessageResult>> PutAsync(BrokerHarness broker, string topic, int queueId,
        int count, string key)
    {
        var results = new List<PutMessageResult>();
        for (var i = 0; i < count; i++)
        {
            var properties = MessageProperties.Serialize(
            [
                KeyValuePair.Create(MessagePropertyNames.Keys, (string?)$"{key} k{i}"),
                KeyValuePair.Create(MessagePropertyNames.UniqueClientMessageId, (string?)$"UNIQ{key}{i}"),
            ]);
            var result = await broker.Context.Store.PutMessageAsync(new MessageToStore
            {
                Topic = topic,
                QueueId = queueId,
                BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                BornHost = new IPEndPoint(IPAddress.Loopback, 5555),
                Properties = properties,
                Body = Encoding.UTF8.GetBytes($"body {i}"),
            });
            Assert.True(result.IsOk, $"{result.Status}: {result.Remark}");
            results.Add(result);
        }

        return results;
    }

    /// <summary>The messages of a stored-layout body: (topic, queue offset, commit-log offset, store time, body).
    /// </summary>
    public static List<(string Topic, long QueueOffset, long PhysicalOffset, long StoreTimestamp, string Body)>
        ReadMessages(ReadOnlySpan<byte> body)
    {
        var messages = new List<(string, long, long, long, string)>();
        while (!body.IsEmpty)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(body);
            Assert.True(StoredMessage.TryRead(body[..size], out var message), "a stored message");
            messages.Add((Encoding.UTF8.GetString(message.Topic), message.QueueOffset, message.PhysicalOffset,
                message.StoreTimestamp, Encoding.UTF8.GetString(message.Body)));
            body = body[size..];
        }

        return messages;
    }
}
