using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RocketMQ.Common.Configuration;
using RocketMQ.NameServer;
using RocketMQ.NameServer.Hosting;

var configFile = new Option<string?>("--configFile", "-c")
{
    Description = "Name server config properties file (listenPort, kvConfigPath, ...)",
};
var printConfig = new Option<bool>("--printConfigItem", "-p")
{
    Description = "Print the effective configuration and exit",
};
var listenPort = new Option<int?>("--listenPort", "-l")
{
    Description = "TCP port to listen on (overrides listenPort from the config file; default 9876)",
};
var root = new RootCommand("RocketMQ name server (mqnamesrv)") { configFile, printConfig, listenPort };
root.SetAction(async (parse, cancellationToken) =>
{
    NameServerOptions options;
    List<string> unknownKeys;
    try
    {
        (options, unknownKeys) = NameServerStartup.LoadOptions(parse.GetValue(configFile),
            parse.GetValue(listenPort));
    }
    catch (ConfigurationException e)
    {
        await Console.Error.WriteLineAsync("invalid name server configuration: " + e.Message);
        return 1;
    }

    if (parse.GetValue(printConfig))
    {
        Console.Write(JavaProperties.Write(NameServerOptions.Binder.Describe(options)));
        return 0;
    }

    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
    builder.Logging.AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
    });
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddSingleton(sp => new NameServerController(
        options, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
    builder.Services.AddHostedService<NameServerHostedService>();
    using var host = builder.Build();
    NameServerStartup.WarnUnknownKeys(host.Services.GetRequiredService<ILoggerFactory>()
        .CreateLogger("RocketMQ.NameServer.Startup"), unknownKeys);
    try
    {
        await host.RunAsync(cancellationToken);
        return 0;
    }
    catch (Exception e) when (e is SocketException or ConfigurationException)
    {
        await Console.Error.WriteLineAsync("name server failed to start: " + e.Message);
        return 1;
    }
});
// The generic host handles SIGINT/SIGTERM itself (ConsoleLifetime); a second handler in System.CommandLine
// would hold process exit for its two-second termination timeout after the host has already stopped.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
