using System.Diagnostics;

namespace RocketMQ.Jepsen.Cluster;

/// <summary>Runs the system tools the cluster needs (ip, iptables, mount) and fails with their own words.</summary>
internal static class Shell
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; returns its standard output.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero; the message has the command and its stderr.
    /// </exception>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var (code, output, error) = await TryRunAsync(file, arguments).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', arguments)}' failed (exit {code}): {error.Trim()}");
        }

        return output;
    }

    /// <summary>Runs it and returns the exit code and both outputs; a missing tool is exit code 127.</summary>
    public static async Task<(int Code, string Output, string Error)> TryRunAsync(string file,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            return (127, "", $"{file}: {missing.Message}");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }

    /// <summary>True when the tool exists on PATH.</summary>
    public static bool Exists(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
