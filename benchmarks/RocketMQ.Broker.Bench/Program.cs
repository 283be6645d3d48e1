using System.CommandLine;
using RocketMQ.Broker.Bench;

// Load driver for a running broker group (benchmarks/broker-bench.sh); see the script for what it measures.
var nameServer = new Option<string>("--namesrv") { DefaultValueFactory = _ => "127.0.0.1:9876" };
var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 64 };
var body = new Option<int>("--body") { DefaultValueFactory = _ => 1024, Description = "body bytes" };
var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 15, Description = "each measured phase" };
var queues = new Option<int>("--queues") { DefaultValueFactory = _ => 8 };
var root = new RootCommand("Broker bench: send and pull rates and latency against a running group")
{
    nameServer, concurrency, body, seconds, queues,
};
root.SetAction(async (parse, token) => await new BrokerBenchRun(new BrokerBenchSettings(parse.GetValue(nameServer)!,
    parse.GetValue(concurrency), parse.GetValue(body), TimeSpan.FromSeconds(parse.GetValue(seconds)),
    parse.GetValue(queues))).RunAsync(token));
return await root.Parse(args).InvokeAsync();
