using System.CommandLine;
using RocketMQ.DLedger.Bench;

// A DLedger node host for benchmarks and process tests, and the drivers that load it; see README.md.
var root = new RootCommand("DLedger bench: node host, load driver, failover driver")
{
    BenchCommands.Node(),
    BenchCommands.Load(),
    BenchCommands.Failover(),
};

// SIGTERM/SIGINT cancel the action's token; a node needs a moment to stop its Raft member and close its log.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration
{
    ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
});
