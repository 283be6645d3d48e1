using System.ComponentModel;
using System.Runtime.InteropServices;

namespace RocketMQ.Jepsen.Cluster;

/// <summary>POSIX signals to a process by pid (.NET has Kill but no STOP/CONT).</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    /// <summary>Sends <paramref name="signal"/>; a process that is already gone is not an error.</summary>
    /// <exception cref="Win32Exception">kill(2) failed for another reason (e.g. permission).</exception>
    public static void Send(int pid, int signal)
    {
        if (NativeKill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int NoSuchProcess = 3;
            if (errno != NoSuchProcess)
            {
                throw new Win32Exception(errno, $"kill({pid}, {signal}) failed");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
