using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// A host executable (e.g. RocketMQ.NameServer.dll) started with `dotnet`, its output captured, waited on by
/// the lines it prints (never by sleeping). Killed on dispose if still running.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task<int> Exited => _exited.Task;

    public int Id => _process.Id;

    public static HostProcess Start(string assemblyName, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // WaitForExitAsync also waits for the redirected output to be drained, unlike the Exited event.
        _ = process.WaitForExitAsync().ContinueWith(
            _ => host._exited.TrySetResult(process.ExitCode), TaskScheduler.Default);
        return host;
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been printed; fails after the
    /// deadline or when the process exits first, with the output so far in the message.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan deadline)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _waiters.Add((text, seen));
        }

        var first = await Task.WhenAny(seen.Task, _exited.Task, Task.Delay(deadline));
        if (first != seen.Task)
        {
            var why = first == _exited.Task ? "the process exited" : $"no such line within {deadline}";
            throw new Xunit.Sdk.XunitException($"waiting for '{text}': {why}. Output:\n{Output}");
        }
    }

    /// <summary>Sends SIGKILL: the process gets no chance to clean up, as in a crash.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Sends SIGTERM, as bin/mqshutdown does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Seen.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
