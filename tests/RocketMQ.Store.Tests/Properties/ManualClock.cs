namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// A clock the property tests set by hand, whose timers never fire. The store's checkpoint and retention loops run on
/// <see cref="PeriodicTimer"/>s over the environment's clock; with a <c>FakeTimeProvider</c>, a jump of hours (needed
/// to expire data) would also fire those loops on the thread pool, racing the commands under test and making a failing
/// seed replay differently. Here every checkpoint and retention run is an explicit command, so a run is a pure function
/// of its seed.
/// </summary>
/// <remarks>Thread-safe: the test thread moves the clock, store threads read it.</remarks>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock (backwards too: a new leader's clock may be behind the old one's).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new IdleTimer();

    private sealed class IdleTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
