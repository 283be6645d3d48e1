using RocketMQ.Broker.Scheduling;

namespace RocketMQ.Broker.Tests.Sending;

/// <summary>Waits, with a deadline, for a delivery round of the schedule service that matches a condition.</summary>
internal sealed class RoundRecorder : IDisposable
{
    private readonly ScheduleMessageService _schedule;
    private readonly List<(Func<ScheduleRound, bool> Condition, TaskCompletionSource<ScheduleRound> Done)> _waiters =
        [];

    public RoundRecorder(ScheduleMessageService schedule)
    {
        _schedule = schedule;
        _schedule.RoundCompleted += OnRound;
    }

    /// <summary>The first round from now on that satisfies <paramref name="condition"/>; fails after 10 s.</summary>
    public Task<ScheduleRound> WaitAsync(Func<ScheduleRound, bool> condition)
    {
        var done = new TaskCompletionSource<ScheduleRound>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((condition, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _schedule.RoundCompleted -= OnRound;

    private void OnRound(ScheduleRound round)
    {
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(round))
                {
                    _waiters[i].Done.TrySetResult(round);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
