namespace RocketMQ.Remoting;

/// <summary>
/// Limits and timeouts of the remoting layer, shared by servers and clients. Hosts bind these from their
/// config files; <see cref="Validate"/> runs at startup and names the bad key.
/// </summary>
public sealed class RemotingOptions
{
    /// <summary>Largest accepted frame (the length word's value), in bytes. Java's default is 16 MiB
    /// (<c>com.rocketmq.remoting.frameMaxLength</c>). A larger frame closes the connection.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest accepted serialized header, in bytes. Headers carry message properties, so this is
    /// generous; a larger header closes the connection.</summary>
    public int MaxHeaderBytes { get; set; } = 1024 * 1024;

    /// <summary>Default timeout of a request sent with InvokeAsync when the caller gives none.</summary>
    public TimeSpan DefaultRequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Timeout of a client's TCP connect.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A server closes a connection that sent nothing for this long (Java's
    /// <c>serverChannelMaxIdleTimeSeconds</c>, 120 s). <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan ServerChannelMaxIdleTime { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxFrameBytes < 1024)
        {
            throw new ArgumentException($"{nameof(MaxFrameBytes)} must be at least 1024, was {MaxFrameBytes}");
        }

        if (MaxHeaderBytes < 64 || MaxHeaderBytes > MaxFrameBytes - 4)
        {
            throw new ArgumentException(
                $"{nameof(MaxHeaderBytes)} must be between 64 and MaxFrameBytes - 4, was {MaxHeaderBytes}");
        }

        RequirePositive(DefaultRequestTimeout, nameof(DefaultRequestTimeout));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        if (ServerChannelMaxIdleTime != Timeout.InfiniteTimeSpan)
        {
            RequirePositive(ServerChannelMaxIdleTime, nameof(ServerChannelMaxIdleTime));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive, was {value}");
        }
    }
}
