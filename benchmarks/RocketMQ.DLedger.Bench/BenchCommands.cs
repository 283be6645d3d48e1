using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RocketMQ.DLedger.Bench.Driver;
using RocketMQ.DLedger.Bench.Node;
using RocketMQ.DLedger.Bench.Protocol;

namespace RocketMQ.DLedger.Bench;

/// <summary>The subcommands and their options (System.CommandLine), each handing validated settings to its runner.
/// </summary>
internal static class BenchCommands
{
    public static Command Node()
    {
        var peers = new Option<string>("--peers") { Required = true, Description = "n0-127.0.0.1:40911;n1-…" };
        var self = new Option<string>("--self") { Required = true, Description = "this member's id, e.g. n0" };
        var dir = new Option<string>("--dir") { Required = true, Description = "Raft log directory" };
        var port = new Option<int>("--client-port") { Required = true, Description = "bench requests port" };
        var pidFile = new Option<string?>("--pid-file") { Description = "write this process id here" };
        var electionMin = new Option<int?>("--election-min-ms") { Description = "dLegerElectionTimeoutMinMs" };
        var electionMax = new Option<int?>("--election-max-ms") { Description = "dLegerElectionTimeoutMaxMs" };
        var command = new Command("node", "Run one DLedger member with a counting state machine")
        {
            peers, self, dir, port, pidFile, electionMin, electionMax,
        };
        command.SetAction(async (parse, token) =>
        {
            var settings = new NodeSettings(parse.GetValue(peers)!, parse.GetValue(self)!, parse.GetValue(dir)!,
                parse.GetValue(port), parse.GetValue(pidFile), parse.GetValue(electionMin),
                parse.GetValue(electionMax));
            using var loggerFactory = CreateLoggerFactory();
            return await NodeHost.RunAsync(settings, loggerFactory, token);
        });
        return command;
    }

    public static Command Load()
    {
        var targets = TargetsOption();
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 256 };
        var payload = new Option<int>("--payload") { DefaultValueFactory = _ => 1024, Description = "bytes" };
        var duration = DurationOption("--duration", "20s", "how long appends are measured");
        var warmup = DurationOption("--warmup", "0s", "appends before measuring (not counted)");
        var rate = new Option<double?>("--rate") { Description = "open loop at this many appends/s" };
        var timeout = DurationOption("--append-timeout", "5s", "before an append is retried");
        var command = new Command("load", "Append to the leader and print throughput and latency percentiles")
        {
            targets, concurrency, payload, duration, warmup, rate, timeout,
        };
        command.SetAction(async (parse, token) => await Guard(() => new LoadRun(new LoadSettings(
            parse.GetValue(targets)!, parse.GetValue(concurrency), parse.GetValue(payload),
            parse.GetValue(duration), parse.GetValue(warmup), parse.GetValue(rate),
            parse.GetValue(timeout))).RunAsync(token)));
        return command;
    }

    public static Command Failover()
    {
        var targets = TargetsOption();
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 64 };
        var payload = new Option<int>("--payload") { DefaultValueFactory = _ => 1024, Description = "bytes" };
        var kills = new Option<int>("--kills") { DefaultValueFactory = _ => 10 };
        var pids = new Option<string>("--node-pids")
        {
            Required = true,
            Description = "directory where each node writes <id>.pid (its --pid-file)",
        };
        var settle = DurationOption("--settle", "1s", "steady load between recovery and the next kill");
        var restart = DurationOption("--restart-timeout", "60s", "for a killed node to be back and caught up");
        var timeout = DurationOption("--append-timeout", "5s", "before an append is retried");
        var command = new Command("failover", "Kill the leader repeatedly under load; check no acked append is lost")
        {
            targets, concurrency, payload, kills, pids, settle, restart, timeout,
        };
        command.SetAction(async (parse, token) => await Guard(() => new FailoverRun(new FailoverSettings(
            parse.GetValue(targets)!, parse.GetValue(concurrency), parse.GetValue(payload), parse.GetValue(kills),
            parse.GetValue(pids)!, parse.GetValue(settle), parse.GetValue(restart),
            parse.GetValue(timeout))).RunAsync(token)));
        return command;
    }

    /// <summary>Parses <c>250ms</c>, <c>20s</c>, <c>2m</c> or plain seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? TimeSpan.FromSeconds(value * unit)
            : throw new FormatException($"'{text}' is not a duration (e.g. 500ms, 20s, 2m)");
    }

    private static Option<IReadOnlyList<string>> TargetsOption() => new("--targets")
    {
        Required = true,
        Description = "client addresses of every member: 127.0.0.1:p0,127.0.0.1:p1,127.0.0.1:p2",
        CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
    };

    private static Option<TimeSpan> DurationOption(string name, string defaultValue, string description) =>
        new(name)
        {
            Description = $"{description} (e.g. 500ms, 20s, 2m; default {defaultValue})",
            DefaultValueFactory = _ => ParseDuration(defaultValue),
            CustomParser = ParseDurationArgument,
        };

    private static TimeSpan ParseDurationArgument(ArgumentResult result)
    {
        try
        {
            return ParseDuration(result.Tokens.Single().Value);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return default;
        }
    }

    /// <summary>Runs a driver; a bad option or a failed bench request is reported in one line with exit code 2.
    /// </summary>
    private static async Task<int> Guard(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is ArgumentException or BenchException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return 130;
        }
    }

    private static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("DotNext", LogLevel.Warning)
        .AddFilter("RocketMQ.Remoting", LogLevel.Warning)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        })

        // Standard output is for the lines scripts wait on (ready, role …); every log line goes to stderr.
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
