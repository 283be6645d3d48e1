using RocketMQ.Common.Configuration;

namespace RocketMQ.NameServer.Tests;

public class NameServerOptionsTests
{
    [Theory]
    [InlineData("listenPort", "70000")]
    [InlineData("listenPort", "abc")]
    [InlineData("bindAddress", "not-an-ip")]
    [InlineData("scanNotActiveBrokerInterval", "0")]
    [InlineData("brokerChannelExpiredTime", "-1")]
    [InlineData("orderMessageEnable", "yes")]
    [InlineData("frameMaxLength", "10")]
    [InlineData("headerMaxLength", "999999999")]
    [InlineData("kvConfigPath", " ")]
    public void Bad_value_is_reported_with_its_key(string key, string value)
    {
        var options = new NameServerOptions();

        var error = Assert.Throws<ConfigurationException>(() =>
        {
            NameServerOptions.Binder.Bind(options, new Dictionary<string, string> { [key] = value });
            options.Validate();
        });

        Assert.Equal(key, error.Key);
        Assert.StartsWith(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_keys_bind_and_unknown_keys_are_returned_for_a_warning()
    {
        var options = new NameServerOptions();

        var unknown = NameServerOptions.Binder.Bind(options, new Dictionary<string, string>
        {
            ["listenPort"] = "19876",
            ["orderMessageEnable"] = "TRUE",
            ["brokerChannelExpiredTime"] = "60000",
            ["someJavaOnlyKey"] = "x",
        });
        options.Validate();

        Assert.Equal(["someJavaOnlyKey"], unknown);
        Assert.Equal(19876, options.ListenPort);
        Assert.True(options.OrderMessageEnable);
        Assert.Equal(60_000, options.BrokerChannelExpiredTimeMs);
        Assert.Equal(TimeSpan.FromSeconds(120), options.ToRemotingOptions().ServerChannelMaxIdleTime);
    }

    [Fact]
    public void Describe_lists_every_key_and_binds_back_to_the_same_values()
    {
        var options = new NameServerOptions { ListenPort = 1, OrderMessageEnable = true, KvConfigPath = "/x/kv.json" };

        var described = NameServerOptions.Binder.Describe(options).ToDictionary();
        var copy = new NameServerOptions();
        NameServerOptions.Binder.Bind(copy, described);

        Assert.Equal(NameServerOptions.Binder.Keys, described.Keys);
        Assert.Equal(described, NameServerOptions.Binder.Describe(copy).ToDictionary());
    }
}
