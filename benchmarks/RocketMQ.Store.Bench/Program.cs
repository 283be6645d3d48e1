using System.CommandLine;
using Microsoft.Extensions.Logging;
using RocketMQ.Store.Bench;

// The store benchmark and the crash-test writer; see README.md.
var root = new RootCommand("Store bench: throughput of the store API, and the kill -9 test's writer")
{
    RunCommand(),
    CrashWriterCommand(),
};
return await root.Parse(args).InvokeAsync();

static Command RunCommand()
{
    var directory = new Option<string?>("--dir") { Description = "work directory (default: a fresh temporary one)" };
    var messages = new Option<int>("--messages") { DefaultValueFactory = _ => 1_000_000 };
    var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 512 };
    var body = new Option<int>("--body") { DefaultValueFactory = _ => 1024, Description = "body bytes" };
    var queues = new Option<int>("--queues") { DefaultValueFactory = _ => 8 };
    var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 1, Description = "messages per put" };
    var command = new Command("run", "Put then get through the store API; prints put_msgs_per_s=… last")
    {
        directory, messages, concurrency, body, queues, batch,
    };
    command.SetAction(async (parse, token) =>
    {
        using var loggerFactory = Logging();
        var settings = new BenchSettings(parse.GetValue(directory), parse.GetValue(messages),
            parse.GetValue(concurrency), parse.GetValue(body), parse.GetValue(queues), parse.GetValue(batch));
        return await new BenchRun(settings, loggerFactory).RunAsync(token);
    });
    return command;
}

static Command CrashWriterCommand()
{
    var directory = new Option<string>("--dir") { Required = true };
    var port = new Option<int>("--raft-port") { Required = true };
    var seed = new Option<int>("--seed") { Required = true };
    var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 32 };
    var command = new Command("crash-writer", "Put under load until killed, printing each acknowledged message")
    {
        directory, port, seed, concurrency,
    };
    command.SetAction(async (parse, token) =>
    {
        using var loggerFactory = Logging();
        return await new CrashWriter(parse.GetValue(directory)!, parse.GetValue(port), parse.GetValue(seed),
            parse.GetValue(concurrency), loggerFactory).RunAsync(token);
    });
    return command;
}

static ILoggerFactory Logging() => LoggerFactory.Create(builder => builder
    .AddSimpleConsole(options => options.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("DotNext", LogLevel.Error));
