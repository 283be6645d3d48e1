namespace RocketMQ.Broker.Scheduling;

/// <summary>The state of one delay level's loop.</summary>
public sealed partial class ScheduleMessageService
{
    /// <summary>One delay level: its queue, delay, progress and wake-up signal.</summary>
    private sealed class LevelWorker(int level, long delayMs, long offset, long committed, long inDoubtBelow)
    {
        private long _offset = offset;

        public int Level { get; } = level;

        public int QueueId => Level - 1;

        public long DelayMs { get; } = delayMs;

        /// <summary>The next queue offset to deliver (written by the loop, read by the flusher).</summary>
        public long Offset
        {
            get => Volatile.Read(ref _offset);
            set => Volatile.Write(ref _offset, value);
        }

        /// <summary>
        /// Queue offsets below this may have been delivered by the previous leader (the queue's end at takeover);
        /// 0 once the check found the end of its deliveries. Loop only.
        /// </summary>
        public long InDoubtBelow { get; set; } = inDoubtBelow;

        /// <summary>The progress last replicated (flusher only).</summary>
        public long Committed { get; set; } = committed;

        public DueFilter Filter { get; } = new();

        public SemaphoreSlim Signal { get; } = new(0, 1);

        public void Wake()
        {
            if (Signal.CurrentCount == 0)
            {
                try
                {
                    Signal.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another waker got there first; one pending wake-up is enough.
                }
            }
        }
    }
}
