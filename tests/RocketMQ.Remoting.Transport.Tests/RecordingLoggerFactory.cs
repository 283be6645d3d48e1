using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RocketMQ.Remoting.Transport.Tests;

/// <summary>Keeps every log entry so tests can assert what was logged, and await an entry instead of polling.
/// </summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _lock = new();
    private readonly List<(int EventId, TaskCompletionSource<LogEntry> Seen)> _waiters = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>Completes with the first entry of <paramref name="eventId"/>, logged before or after the call.
    /// </summary>
    public Task<LogEntry> WaitForAsync(int eventId)
    {
        lock (_lock)
        {
            foreach (var entry in _entries)
            {
                if (entry.EventId == eventId)
                {
                    return Task.FromResult(entry);
                }
            }

            var seen = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, seen));
            return seen.Task;
        }
    }

    public int Count(int eventId) => _entries.Count(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].EventId == entry.EventId)
                {
                    _waiters[i].Seen.TrySetResult(entry);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEntry(category, eventId.Id, logLevel, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(string Category, int EventId, LogLevel Level, string Message, Exception? Exception);

/// <summary>The EventIds the tests look for (declared once, as the transport declares them).</summary>
internal static class LogEvents
{
    public const int ProtocolError = 1002;
    public const int UnknownResponse = 1003;
    public const int ProcessorFailed = 1005;
    public const int TruncatedFrame = 1010;
    public const int ListenerFailed = 1011;
}
