using System.Globalization;

namespace RocketMQ.Broker.Admin;

/// <summary>
/// The broker's traffic counters behind GET_BROKER_RUNTIME_INFO (RocketMQ's StoreStatsService and BrokerStats):
/// messages stored, gets found / missed, messages handed to consumers, their rates over the last 10, 60 and 600
/// seconds, and the totals at the last two local midnights (what <c>mqadmin clusterList -m</c> subtracts).
/// Registered in <see cref="BrokerContext"/> by the admin module.
/// </summary>
/// <remarks>
/// <para>Puts are counted here from the store's <see cref="Store.MessageStore.MessagesArrived"/>: every message
/// applied to this member's queues (sends, retries, scheduled deliveries), on followers too, where it is the
/// replication rate. Gets are counted by whoever serves pulls, through <see cref="RecordGet"/>.</para>
/// <para>Thread-safety: every member may be called from any thread. The counters only grow.</para>
/// </remarks>
public sealed partial class BrokerStats : IDisposable
{
    /// <summary>One sample a second, enough for the 600-second rate.</summary>
    private const int SampleCapacity = 601;

    private static readonly int[] RateWindowsSeconds = [10, 60, 600];

    private readonly TimeProvider _time;
    private readonly Lock _samplesLock = new();
    private readonly Sample[] _samples = new Sample[SampleCapacity];
    private int _sampleCount;
    private int _sampleNext;
    private long _putTotal;
    private long _getFoundTimes;
    private long _getMissTimes;
    private long _transferredTotal;
    private long _putTodayMorning;
    private long _putYesterdayMorning;
    private long _getTodayMorning;
    private long _getYesterdayMorning;
    private ITimer? _sampler;
    private ITimer? _midnight;

    /// <param name="time">The clock for the rates, the uptime and the midnight roll-over.</param>
    public BrokerStats(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        BootTimestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        TakeSample();
    }

    /// <summary>When the counters started (ms since the epoch).</summary>
    public long BootTimestamp { get; }

    /// <summary>Messages stored on this member since it started.</summary>
    public long MessagesPutTotal => Interlocked.Read(ref _putTotal);

    /// <summary>Gets that returned at least one message.</summary>
    public long GetFoundTimes => Interlocked.Read(ref _getFoundTimes);

    /// <summary>Gets that returned nothing.</summary>
    public long GetMissTimes => Interlocked.Read(ref _getMissTimes);

    /// <summary>Messages handed to consumers since start.</summary>
    public long MessagesTransferredTotal => Interlocked.Read(ref _transferredTotal);

    /// <summary>Counts <paramref name="messages"/> stored messages.</summary>
    public void RecordPut(long messages)
    {
        if (messages > 0)
        {
            Interlocked.Add(ref _putTotal, messages);
        }
    }

    /// <summary>Counts one get (a pull, or a pull suspended and answered later) that handed
    /// <paramref name="messagesTransferred"/> messages to its consumer; 0 counts a miss. Cheap: two atomic adds.
    /// </summary>
    public void RecordGet(int messagesTransferred)
    {
        if (messagesTransferred > 0)
        {
            Interlocked.Increment(ref _getFoundTimes);
            Interlocked.Add(ref _transferredTotal, messagesTransferred);
        }
        else
        {
            Interlocked.Increment(ref _getMissTimes);
        }
    }

    /// <summary>Starts sampling every second and the daily roll-over at local midnight (as BrokerStats.record).
    /// </summary>
    public void Start()
    {
        _sampler ??= _time.CreateTimer(_ => TakeSample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        _midnight ??= _time.CreateTimer(_ => RollOver(), null, UntilNextMidnight(), Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _sampler?.Dispose();
        _midnight?.Dispose();
    }

    /// <summary>
    /// Adds RocketMQ's runtime-info keys this broker measures: bootTimestamp, runtime, putMessageTimesTotal, putTps,
    /// getFoundTps, getMissTps, getTotalTps, getTransferedTps (Java's spelling) and the msgPut/msgGet totals at the
    /// last two midnights and now. Rates read "r10 r60 r600" (messages a second); a window not yet filled since start
    /// is measured over the time there is.
    /// </summary>
    public void Describe(IDictionary<string, string> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        table["bootTimestamp"] = Format(BootTimestamp);
        table["runtime"] = FormatRuntime(now - BootTimestamp);
        table["putMessageTimesTotal"] = Format(MessagesPutTotal);
        table["putTps"] = Rates(static s => s.Puts);
        table["getFoundTps"] = Rates(static s => s.Found);
        table["getMissTps"] = Rates(static s => s.Missed);
        table["getTotalTps"] = Rates(static s => s.Found + s.Missed);
        table["getTransferedTps"] = Rates(static s => s.Transferred);
        table["msgPutTotalYesterdayMorning"] = Format(Interlocked.Read(ref _putYesterdayMorning));
        table["msgPutTotalTodayMorning"] = Format(Interlocked.Read(ref _putTodayMorning));
        table["msgPutTotalTodayNow"] = Format(MessagesPutTotal);
        table["msgGetTotalYesterdayMorning"] = Format(Interlocked.Read(ref _getYesterdayMorning));
        table["msgGetTotalTodayMorning"] = Format(Interlocked.Read(ref _getTodayMorning));
        table["msgGetTotalTodayNow"] = Format(MessagesTransferredTotal);
    }

    private void TakeSample()
    {
        var sample = new Sample(_time.GetUtcNow().ToUnixTimeMilliseconds(), MessagesPutTotal, GetFoundTimes,
            GetMissTimes, MessagesTransferredTotal);
        lock (_samplesLock)
        {
            _samples[_sampleNext] = sample;
            _sampleNext = (_sampleNext + 1) % SampleCapacity;
            _sampleCount = Math.Min(_sampleCount + 1, SampleCapacity);
        }
    }

    private string Rates(Func<Sample, long> counter)
    {
        // The newest point is "now" (not the last sample), so a rate includes the current second's traffic.
        var now = new Sample(_time.GetUtcNow().ToUnixTimeMilliseconds(), MessagesPutTotal, GetFoundTimes,
            GetMissTimes, MessagesTransferredTotal);
        Span<double> rates = stackalloc double[3];
        lock (_samplesLock)
        {
            for (var i = 0; i < RateWindowsSeconds.Length; i++)
            {
                // The latest sample is 1 back; the one a window earlier is window + 1 back (or the oldest there is).
                var back = Math.Min(RateWindowsSeconds[i] + 1, _sampleCount);
                var begin = _samples[(_sampleNext - back + SampleCapacity) % SampleCapacity];
                var elapsedMs = now.TimestampMs - begin.TimestampMs;
                rates[i] = elapsedMs <= 0 ? 0 : (counter(now) - counter(begin)) * 1000.0 / elapsedMs;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{rates[0]:0.0###} {rates[1]:0.0###} {rates[2]:0.0###}");
    }

    private void RollOver()
    {
        // BrokerStats.record: yesterday's morning total becomes the previous today's, today's the current total.
        Interlocked.Exchange(ref _putYesterdayMorning, Interlocked.Read(ref _putTodayMorning));
        Interlocked.Exchange(ref _putTodayMorning, MessagesPutTotal);
        Interlocked.Exchange(ref _getYesterdayMorning, Interlocked.Read(ref _getTodayMorning));
        Interlocked.Exchange(ref _getTodayMorning, MessagesTransferredTotal);
        _midnight?.Change(UntilNextMidnight(), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan UntilNextMidnight()
    {
        var now = _time.GetLocalNow();
        var until = now.Date.AddDays(1) - now.DateTime;

        // A timer due within a millisecond of midnight could fire just before it and re-arm for the same instant.
        return until < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : until;
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    // StoreStatsService.getFormatRuntime: "[ d days, h hours, m minutes, s seconds ]".
    private static string FormatRuntime(long elapsedMs)
    {
        var elapsed = TimeSpan.FromMilliseconds(Math.Max(0, elapsedMs));
        return string.Create(CultureInfo.InvariantCulture,
            $"[ {(long)elapsed.TotalDays} days, {elapsed.Hours} hours, {elapsed.Minutes} minutes, " +
            $"{elapsed.Seconds} seconds ]");
    }

    private readonly record struct Sample(long TimestampMs, long Puts, long Found, long Missed, long Transferred);
}
