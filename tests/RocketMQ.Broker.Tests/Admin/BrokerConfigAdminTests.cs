using System.Text;
using RocketMQ.Common.Configuration;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Protocol.Body;
using RocketMQ.Remoting.Protocol.Header;
using static RocketMQ.Broker.Tests.Admin.AdminTestKit;

namespace RocketMQ.Broker.Tests.Admin;

/// <summary>GET_BROKER_CONFIG (26) and UPDATE_BROKER_CONFIG (25) over raw TCP.</summary>
public sealed class BrokerConfigAdminTests(AdminBrokerFixture fixture) : IClassFixture<AdminBrokerFixture>
{
    private BrokerHarness Broker => fixture.Broker;

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task The_config_is_every_broker_conf_key_with_a_data_version(SerializeType serialization)
    {
        var (properties, version) = await GetAsync(serialization);

        Assert.Equal(BrokerOptions.Binder.Keys.Order(), properties.Keys.Order());
        Assert.Equal("broker-test", properties["brokerName"]);
        Assert.Equal(Broker.Options.ListenPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties["listenPort"]);
        Assert.True(version.Timestamp > 0);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task Updatable_keys_change_at_once_and_move_the_version(SerializeType serialization)
    {
        var (_, before) = await GetAsync(serialization);
        var value = serialization == SerializeType.Json ? 700 : 800;

        var response = await Broker.InvokeAsync(WithBody(RequestCode.UpdateBrokerConfig,
            $"shortPollingTimeMills={value}\nfileReservedTime = 24\n# a comment\n"), serialization);

        AssertCode(ResponseCode.Success, response);
        Assert.Equal((value, 24),
            (Broker.Options.ShortPollingTimeMills, Broker.Context.Store.Options.FileReservedTime));
        var (properties, after) = await GetAsync(serialization);
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties["shortPollingTimeMills"]);
        Assert.Equal(before.Counter + 1, after.Counter);
    }

    public static TheoryData<string, int, string, SerializeType> Refusals()
    {
        var data = new TheoryData<string, int, string, SerializeType>();
        foreach (var serialization in new[] { SerializeType.Json, SerializeType.RocketMq })
        {
            data.Add("listenPort=1", ResponseCode.NoPermission, "'listenPort' cannot change", serialization);
            data.Add("shortPollingTimeMills=1\nbrokerName=x", ResponseCode.NoPermission, "'brokerName'",
                serialization);
            data.Add("noSuchKey=1", ResponseCode.SystemError, "unknown broker config key 'noSuchKey'", serialization);
            data.Add("shortPollingTimeMills=soon", ResponseCode.SystemError, "shortPollingTimeMills: 'soon'",
                serialization);
            data.Add("shortPollingTimeMills=99999", ResponseCode.SystemError,
                "shortPollingTimeMills: must be 0..60000 ms", serialization);
            data.Add("defaultTopicQueueNums=1\nlongPollingEnable=maybe", ResponseCode.SystemError,
                "longPollingEnable", serialization);
            data.Add("key=\\uZZZZ", ResponseCode.SystemError, "not properties text", serialization);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_updates_name_the_key_and_change_nothing(string body, int code, string remark,
        SerializeType serialization)
    {
        var (before, version) = await GetAsync(serialization);

        var response = await Broker.InvokeAsync(WithBody(RequestCode.UpdateBrokerConfig, body), serialization);

        AssertCode(code, response);
        Assert.Contains(remark, response.Remark, StringComparison.Ordinal);
        var (after, versionAfter) = await GetAsync(serialization);
        Assert.Equal(before, after);
        Assert.Equal(version, versionAfter);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task An_update_without_a_body_changes_nothing(SerializeType serialization)
    {
        var (_, before) = await GetAsync(serialization);

        var response = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.UpdateBrokerConfig),
            serialization);

        AssertCode(ResponseCode.Success, response);
        Assert.Equal(before, (await GetAsync(serialization)).Version);
    }

    [Theory]
    [MemberData(nameof(Serializations), MemberType = typeof(AdminTestKit))]
    public async Task A_broker_permission_change_moves_the_topic_version_for_the_name_server(
        SerializeType serialization)
    {
        var topics = Broker.Context.Store.Config.TopicsVersion;

        var readOnly = await Broker.InvokeAsync(WithBody(RequestCode.UpdateBrokerConfig, "brokerPermission=4"),
            serialization);
        var readWrite = await Broker.InvokeAsync(WithBody(RequestCode.UpdateBrokerConfig, "brokerPermission=6"),
            serialization);

        AssertCode(ResponseCode.Success, readOnly);
        AssertCode(ResponseCode.Success, readWrite);
        Assert.Equal(6, Broker.Options.BrokerPermission);
        Assert.Equal(topics.Counter + 2, Broker.Context.Store.Config.TopicsVersion.Counter);
    }

    private async Task<(Dictionary<string, string> Properties, DataVersion Version)> GetAsync(
        SerializeType serialization)
    {
        var response = await Broker.InvokeAsync(RemotingCommand.CreateRequest(RequestCode.GetBrokerConfig),
            serialization);
        AssertCode(ResponseCode.Success, response);
        Assert.Equal(serialization, response.SerializeType);
        var header = response.DecodeHeader<GetBrokerConfigResponseHeader>();
        var version = RemotingJson.Deserialize(Encoding.UTF8.GetBytes(header.Version),
            AdminJsonContext.Default.DataVersion);
        return (JavaProperties.Parse(Encoding.UTF8.GetString(response.Body.Span)), version);
    }
}
