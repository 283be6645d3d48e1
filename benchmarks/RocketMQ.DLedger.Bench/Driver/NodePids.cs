using System.Diagnostics;
using System.Globalization;

namespace RocketMQ.DLedger.Bench.Driver;

/// <summary>The pid files bench nodes write (<c>&lt;dir&gt;/&lt;id&gt;.pid</c>), and killing by them.</summary>
public sealed class NodePids(string directory)
{
    /// <summary>The pid <paramref name="selfId"/> last wrote, if that process is alive and is a bench node.</summary>
    public int? LiveNode(string selfId)
    {
        var path = Path.Combine(directory, selfId + ".pid");
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsBenchNode(pid)
            ? pid
            : null;
    }

    /// <summary>SIGKILLs <paramref name="pid"/> after checking it still is a bench node (pids are reused).</summary>
    public static void Kill(int pid)
    {
        if (!IsBenchNode(pid))
        {
            throw new InvalidOperationException($"pid {pid} is not a running bench node");
        }

        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL on Unix: no shutdown code runs, as for a crash.
    }

    private static bool IsBenchNode(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return commandLine.Contains("RocketMQ.DLedger.Bench", StringComparison.Ordinal) &&
                   commandLine.Contains("\0node\0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
