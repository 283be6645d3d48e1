using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RocketMQ.Broker;
using RocketMQ.Broker.Hosting;
using RocketMQ.Common.Configuration;

var configFile = new Option<string?>("--configFile", "-c") { Description = "broker.conf properties file" };
var printConfig = new Option<bool>("--printConfigItem", "-p") { Description = "Print the effective config and exit" };
var namesrv = new Option<string?>("--namesrvAddr", "-n") { Description = "Name servers (host:port;host:port)" };
var root = new RootCommand("RocketMQ broker on a Raft group (mqbroker)") { configFile, printConfig, namesrv };
root.SetAction(async (parse, cancellationToken) =>
{
    BrokerOptions options;
    List<string> unknownKeys;
    try
    {
        (options, unknownKeys) = BrokerStartup.LoadOptions(parse.GetValue(configFile), parse.GetValue(namesrv));
    }
    catch (ConfigurationException e)
    {
        await Console.Error.WriteLineAsync("invalid broker configuration: " + e.Message);
        return 1;
    }

    if (parse.GetValue(printConfig))
    {
        Console.Write(JavaProperties.Write(BrokerOptions.Binder.Describe(options)));
        return 0;
    }

    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Logging.AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
    });

    // DotNext logs every refused connection to a down peer with a stack trace at Warning (issue 3 note).
    builder.Logging.AddFilter("DotNext", LogLevel.Error);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton(sp => new BrokerController(options, null,
        sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
    builder.Services.AddHostedService<BrokerHostedService>();
    using var host = builder.Build();
    var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("RocketMQ.Broker.Startup");
    foreach (var key in unknownKeys)
    {
        BrokerLog.UnknownConfigKey(logger, key);
    }

    try
    {
        await host.RunAsync(cancellationToken);
        return 0;
    }
    catch (Exception e) when (e is SocketException or ConfigurationException or IOException)
    {
        await Console.Error.WriteLineAsync("broker failed to start: " + e.Message);
        return 1;
    }
});

// The generic host handles SIGINT/SIGTERM itself (ConsoleLifetime).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
