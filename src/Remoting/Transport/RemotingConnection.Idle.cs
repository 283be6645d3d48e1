namespace RocketMQ.Remoting.Transport;

public sealed partial class RemotingConnection
{
    private readonly Lock _idleLock = new();
    private ITimer? _idleTimer;
    private long _lastReceiveTimestamp;

    /// <summary>
    /// Arms a one-shot timer for the moment the connection would have been silent for
    /// <see cref="RemotingOptions.ServerChannelMaxIdleTime"/>; when it fires early (bytes arrived meanwhile) it is
    /// re-armed for the remainder, so the check costs one timer per idle period, not one per read.
    /// Java closes on IdleStateHandler's ALL_IDLE event; we count received bytes only, so a peer that just reads
    /// (nothing to say) is dropped like one that vanished.
    /// </summary>
    private void StartIdleCheck()
    {
        if (!_closeIdle)
        {
            return;
        }

        lock (_idleLock)
        {
            if (IsActive)
            {
                _idleTimer = _time.CreateTimer(
                    static state => ((RemotingConnection)state!).CheckIdle(), this, _options.ServerChannelMaxIdleTime,
                    Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void StopIdleCheck()
    {
        lock (_idleLock)
        {
            _idleTimer?.Dispose();
            _idleTimer = null;
        }
    }

    private void OnBytesReceived()
    {
        if (_closeIdle)
        {
            Volatile.Write(ref _lastReceiveTimestamp, _time.GetTimestamp());
        }
    }

    private void CheckIdle()
    {
        var maxIdle = _options.ServerChannelMaxIdleTime;
        var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastReceiveTimestamp));
        if (quiet >= maxIdle)
        {
            Close($"idle: nothing received for {maxIdle.TotalSeconds} s");
            return;
        }

        lock (_idleLock)
        {
            _idleTimer?.Change(maxIdle - quiet, Timeout.InfiniteTimeSpan);
        }
    }
}
