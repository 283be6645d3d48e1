using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Bench;

/// <summary>
/// The child of the store's kill -9 test: opens (recovering) the store in a directory and puts messages with many
/// writers until it is killed, printing one line per acknowledged put:
/// <c>ACK topic queueId queueOffset commitLogOffset uniqKey .</c> (the final dot tells a whole line from one cut
/// short by the kill). Everything it printed must survive the kill.
/// </summary>
/// <remarks>Message choices come from <c>--seed</c>; keys are unique across runs on one directory (the seed is part of
/// them), so a verifier can tell every message apart.</remarks>
public sealed class CrashWriter(string directory, int raftPort, int seed, int concurrency, ILoggerFactory loggerFactory)
{
    /// <summary>Topics the writer spreads over.</summary>
    public static readonly string[] Topics = ["CrashA", "CrashB", "CrashC"];

    /// <summary>Queues per topic.</summary>
    public const int QueuesPerTopic = 4;

    /// <summary>
    /// Small files so a short run rolls ConsumeQueue and Index files, and frequent checkpoints so kills land in the
    /// middle of one; the verifier opens the store with the same settings.
    /// </summary>
    public static void Configure(MessageStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MappedFileSizeConsumeQueue = 20 * 500;
        options.MaxHashSlotNum = 512;
        options.MaxIndexNum = 2000;
        options.FlushIntervalConsumeQueue = 50;
    }

    public async Task<int> RunAsync(CancellationToken token)
    {
        await using var host = await SingleNodeStore.StartAsync(directory, raftPort, loggerFactory, Configure, token);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var printer = Task.Run(() => PrintAsync(lines.Reader), CancellationToken.None);
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        var writers = Enumerable.Range(0, concurrency)
            .Select(worker => Task.Run(() => WriteAsync(host.Store, worker, lines.Writer, token), CancellationToken.None))
            .ToArray();
        try
        {
            await Task.WhenAll(writers);
        }
        catch (OperationCanceledException)
        {
        }

        lines.Writer.TryComplete();
        await printer;
        return 0;
    }

    private async Task WriteAsync(MessageStore store, int worker, ChannelWriter<string> lines, CancellationToken token)
    {
        var random = new Random(HashCode.Combine(seed, worker));
        for (var sequence = 0; !token.IsCancellationRequested; sequence++)
        {
            var topic = Topics[random.Next(Topics.Length)];
            var key = string.Create(CultureInfo.InvariantCulture, $"s{seed}w{worker}n{sequence}");
            var body = new byte[random.Next(16, 2048)];
            random.NextBytes(body);
            var batch = random.Next(8) == 0 ? random.Next(2, 6) : 1;
            var messages = Enumerable.Range(0, batch).Select(i => new MessageToStore
            {
                Topic = topic,
                QueueId = random.Next(QueuesPerTopic),
                BornTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Properties = $"UNIQ_KEY\u0001{key}b{i}\u0002KEYS\u0001{key}b{i} k{worker}\u0002TAGS\u0001T{i % 3}\u0002",
                Body = body,
            }).ToArray();
            for (var i = 1; i < messages.Length; i++)
            {
                messages[i] = messages[i] with { QueueId = messages[0].QueueId };
            }

            var result = await store.PutMessagesAsync(messages, token);
            if (!result.IsOk)
            {
                continue; // Not acknowledged: the verifier does not expect it (it may or may not be stored).
            }

            for (var i = 0; i < messages.Length; i++)
            {
                var offset = result.CommitLogOffsets?[i] ?? result.CommitLogOffset;
                await lines.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"ACK {topic} {messages[0].QueueId} {result.QueueOffset + i} {offset} {key}b{i} ."), token);
            }
        }
    }

    private static async Task PrintAsync(ChannelReader<string> lines)
    {
        var output = Console.Out;
        while (await lines.WaitToReadAsync())
        {
            while (lines.TryRead(out var line))
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }
}
