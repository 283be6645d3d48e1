using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RocketMQ.Remoting;

namespace RocketMQ.Broker.Consuming.Pull;

/// <summary>
/// Long polling (RocketMQ's <c>PullRequestHoldService</c>, architecture decision 6): pulls that found nothing new
/// are held per queue and resumed as soon as the store applies a message to that queue
/// (<see cref="Store.MessageStore.MessagesArrived"/>), when their time is up, or dropped when their channel closes.
/// </summary>
/// <remarks>
/// Thread-safe. The arrival handler runs on the store's applier: it only moves woken pulls to the thread pool. A
/// periodic check (every <see cref="ConsumeOptions.HoldCheckIntervalMs"/>) answers expired pulls, drops those of
/// closed channels and wakes any whose arrival was missed.
/// </remarks>
internal sealed class PullHoldService : IDisposable
{
    private readonly ConcurrentDictionary<(string Topic, int QueueId), List<HeldPull>> _held = new();
    private readonly BrokerContext _context;
    private readonly PullMessageProcessor _processor;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    public PullHoldService(BrokerContext context, PullMessageProcessor processor, ConsumeOptions options,
        ILogger logger)
    {
        _context = context;
        _processor = processor;
        _logger = logger;
        var period = TimeSpan.FromMilliseconds(options.HoldCheckIntervalMs);
        _timer = context.Time.CreateTimer(static state => ((PullHoldService)state!).Check(), this, period, period);
        context.Store.MessagesArrived += OnMessagesArrived;
    }

    /// <summary>Pulls held right now.</summary>
    public int Count => _held.Values.Sum(list =>
    {
        lock (list)
        {
            return list.Count;
        }
    });

    /// <summary>A deadline <paramref name="timeoutMs"/> from now, for <see cref="Hold"/>.</summary>
    public long DeadlineAfter(long timeoutMs) =>
        _context.Time.GetTimestamp() + (Math.Max(0, timeoutMs) * _context.Time.TimestampFrequency / 1000);

    /// <summary>Holds <paramref name="pull"/> until an arrival beyond its watermark, its deadline or its channel's
    /// end. A message applied between the pull's read and this call wakes it at once.</summary>
    public void Hold(HeldPull pull)
    {
        var key = (pull.Header.Topic, pull.Header.QueueId);
        var list = _held.GetOrAdd(key, static _ => []);
        lock (list)
        {
            list.Add(pull);
        }

        var max = _context.Store.GetMaxOffsetInQueue(key.Topic, key.QueueId);
        if (max > pull.Watermark)
        {
            OnMessagesArrived(key.Topic, key.QueueId, max);
        }
    }

    /// <summary>Drops the pulls held for a closed channel (nobody is left to answer).</summary>
    public void OnChannelClosed(IRemotingChannel channel)
    {
        foreach (var list in _held.Values)
        {
            lock (list)
            {
                list.RemoveAll(pull => pull.Channel.Id == channel.Id);
            }
        }
    }

    public void Dispose()
    {
        _context.Store.MessagesArrived -= OnMessagesArrived;
        _timer.Dispose();
        _held.Clear();
    }

    /// <summary>Re-runs a woken pull and sends its answer, unless it was held again.</summary>
    internal async Task ResumeAsync(HeldPull pull)
    {
        if (!pull.Channel.IsActive)
        {
            return;
        }

        try
        {
            var expired = _context.Time.GetTimestamp() >= pull.DeadlineTimestamp;
            var response = await _processor.ResumeAsync(pull, expired, pull.Channel.Closed).ConfigureAwait(false);
            if (response is not null)
            {
                await pull.Channel.SendAsync(response).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RemotingConnectionException or OperationCanceledException)
        {
            ConsumeLog.HeldPullNotAnswered(_logger, pull.Channel.RemoteAddress, e.Message);
        }
#pragma warning disable CA1031 // A failed resume must not take the thread pool down; the client times out.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsumeLog.HeldPullFailed(_logger, e, pull.Header.Topic, pull.Header.QueueId);
        }
    }

    private void OnMessagesArrived(string topic, int queueId, long maxOffset)
    {
        if (!_held.TryGetValue((topic, queueId), out var list))
        {
            return;
        }

        lock (list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i].Watermark < maxOffset)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(list[i], preferLocal: false);
                    list.RemoveAt(i);
                }
            }
        }
    }

    private void Check()
    {
        try
        {
            CheckHeld();
        }
#pragma warning disable CA1031 // A timer callback must not throw; the next round checks again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ConsumeLog.HoldCheckFailed(_logger, e);
        }
    }

    private void CheckHeld()
    {
        var now = _context.Time.GetTimestamp();
        foreach (var ((topic, queueId), list) in _held)
        {
            var max = _context.Store.GetMaxOffsetInQueue(topic, queueId);
            lock (list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var pull = list[i];
                    if (!pull.Channel.IsActive)
                    {
                        list.RemoveAt(i);
                    }
                    else if (now >= pull.DeadlineTimestamp || pull.Watermark < max)
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(pull, preferLocal: false);
                        list.RemoveAt(i);
                    }
                }
            }
        }
    }
}
