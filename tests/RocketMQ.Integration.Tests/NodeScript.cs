using System.Diagnostics;
using System.Text.Json;
using RocketMQ.Testing;

namespace RocketMQ.Integration.Tests;

/// <summary>
/// Runs one of tests/interop's ali-ons scripts with <c>node</c> and collects the JSON lines it prints. Installs the
/// npm packages first when they are missing (CI installs them in .ci/run).
/// </summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly System.Text.StringBuilder _errors = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeScript(Process process) => _process = process;

    /// <summary>The JSON objects printed so far.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public Task<int> Exited => _exited.Task;

    /// <summary>Raised after each JSON line is collected (on the process's reader thread).</summary>
    public event Action? LineAdded;

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it whenever one of <paramref name="scripts"/> prints
    /// a line; fails with <paramref name="describe"/>'s text if a script exits first or the deadline passes.
    /// </summary>
    public static async Task WaitUntilAsync(IReadOnlyList<NodeScript> scripts, Func<bool> condition,
        TimeSpan deadline, Func<string> describe)
    {
        using var signal = new SemaphoreSlim(0);
        void OnLine() => signal.Release();
        foreach (var script in scripts)
        {
            script.LineAdded += OnLine;
        }

        try
        {
            using var timeout = new CancellationTokenSource(deadline);
            var anyExit = Task.WhenAny(scripts.Select(s => s.Exited));
            while (!condition())
            {
                var woken = signal.WaitAsync(timeout.Token);
                if (await Task.WhenAny(woken, anyExit) == anyExit)
                {
                    // No more lines may come: the condition holds now or never.
                    Assert.True(condition(), "a script exited before the condition held: " + describe());
                    return;
                }

                try
                {
                    await woken;
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"not within {deadline.TotalSeconds} s: " + describe());
                }
            }
        }
        finally
        {
            foreach (var script in scripts)
            {
                script.LineAdded -= OnLine;
            }
        }
    }

    public static async Task<NodeScript> StartAsync(string script, params string[] arguments)
    {
        var directory = await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var runner = new NodeScript(process);
        process.OutputDataReceived += (_, e) => runner.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (runner._errors)
            {
                runner._errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => runner._exited.TrySetResult(process.ExitCode),
            TaskScheduler.Default);
        return runner;
    }

    /// <summary>Waits for the script to finish; fails with its stderr if it exits non-zero or runs too long.</summary>
    public async Task<IReadOnlyList<JsonElement>> CompleteAsync(TimeSpan deadline)
    {
        var exitCode = await Exited.WaitAsync(deadline);
        Assert.True(exitCode == 0, $"node exited with {exitCode}: {Errors}");
        return Lines;
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

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{'))
        {
            return; // ali-ons logs to stdout too; only the scripts' JSON lines count.
        }

        try
        {
            var element = JsonDocument.Parse(line).RootElement.Clone();
            lock (_lines)
            {
                _lines.Add(element);
            }

            LineAdded?.Invoke();
        }
        catch (JsonException)
        {
        }
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var directory = RepositoryRoot.Combine("tests", "interop");
        await InstallGate.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(directory, "node_modules", "ali-ons")))
            {
                using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
                {
                    WorkingDirectory = directory,
                    UseShellExecute = false,
                })!;
                await npm.WaitForExitAsync();
                Assert.True(npm.ExitCode == 0, "npm ci failed in tests/interop");
            }

            return directory;
        }
        finally
        {
            InstallGate.Release();
        }
    }
}
