using System.Diagnostics;

namespace RocketMQ.Jepsen.Cluster;

/// <summary>
/// One server process of the cluster under test (a name server or a broker), started with <c>dotnet</c>, optionally
/// inside a network namespace (<c>ip netns exec</c> execs the command, so the pid is the server's own). Output goes
/// to a log file that is appended to across restarts, so a node's log tells its whole story.
/// </summary>
/// <remarks>Not thread-safe: the cluster serializes faults on one node.</remarks>
internal sealed class HostProcess(string name, string dll, IReadOnlyList<string> arguments, string logPath,
    string? networkNamespace) : IDisposable
{
    private Process? _process;
    private StreamWriter? _log;

    public string Name { get; } = name;

    public string LogPath { get; } = logPath;

    /// <summary>The running process's id, or null when it is not running.</summary>
    public int? Pid => _process is { HasExited: false } process ? process.Id : null;

    public bool IsPaused { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (pid {_process!.Id})");
        }

        var start = networkNamespace is null
            ? new ProcessStartInfo("dotnet")
            : new ProcessStartInfo("ip") { ArgumentList = { "netns", "exec", networkNamespace, "dotnet" } };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["DOTNET_gcServer"] = "0";
        _log?.Dispose();
        var log = _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        log.WriteLine($"==== {DateTime.UtcNow:O} jepsen: starting {Name}");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };

        // Both streams into one file; the writer is shared, so lines are written under its lock.
        process.OutputDataReceived += (_, e) => WriteLine(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(log, e.Data);
        process.Exited += (_, _) => WriteLine(log, $"==== {DateTime.UtcNow:O} jepsen: {Name} exited");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        IsPaused = false;
    }

    /// <summary>SIGKILL, then waits until the process is gone (a paused process dies too).</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        IsPaused = false;
    }

    /// <summary>SIGTERM (a graceful stop); SIGKILL if it is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        Resume();
        Signals.Send(process.Id, Signals.Term);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGSTOP: the process keeps its sockets open but answers nothing — the hard case for peers.</summary>
    public void Pause()
    {
        if (IsRunning && !IsPaused)
        {
            Signals.Send(_process!.Id, Signals.Stop);
            IsPaused = true;
        }
    }

    public void Resume()
    {
        if (IsRunning && IsPaused)
        {
            Signals.Send(_process!.Id, Signals.Cont);
        }

        IsPaused = false;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            Resume();
            process.Kill();
            process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_log is { } log)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }

    private static void WriteLine(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The run is over and the log closed; late output is dropped.
            }
        }
    }
}
