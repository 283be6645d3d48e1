using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// Runs the store properties under FsCheck with knobs from the environment, so a soak run or a replay needs no code
/// change: <c>STORE_PROPERTY_RUNS</c> (test cases per property) and <c>STORE_PROPERTY_REPLAY</c>, a pair or triple
/// as FsCheck prints it after a failure: "seed,gamma" reruns the whole run from its first case (it fails at the same
/// case), "seed,gamma,size" ("Replay directly at failing step") runs only the failing case.
/// </summary>
/// <remarks>
/// On failure FsCheck's message holds the replay pair, the shrunk command list and the first mismatch; every random
/// choice of a case comes from that pair (bodies are filled from seeds inside the commands), so a replay repeats it
/// byte for byte.
/// </remarks>
internal static class PropertyRuns
{
    public const string RunsVariable = "STORE_PROPERTY_RUNS";
    public const string ReplayVariable = "STORE_PROPERTY_REPLAY";

    /// <summary>Test cases per property: the default, or <c>STORE_PROPERTY_RUNS</c> when set.</summary>
    public static int Count(int defaultRuns) =>
        int.TryParse(Environment.GetEnvironmentVariable(RunsVariable), NumberStyles.None, CultureInfo.InvariantCulture,
            out var runs) && runs > 0 ? runs : defaultRuns;

    /// <summary>Whether this run replays a given case (coverage expectations do not apply to one case).</summary>
    public static bool IsReplay => Environment.GetEnvironmentVariable(ReplayVariable) is { Length: > 0 };

    /// <summary>Checks <paramref name="body"/> on <see cref="Count"/> generated values; throws on a failure.</summary>
    public static void Check<T>(Arbitrary<T> values, Action<T> body, int defaultRuns) =>
        global::FsCheck.Check.One(Configuration(Count(defaultRuns)), Prop.ForAll(values, body));

    /// <summary>A case takes well under a second; one that hangs (a put whose entry never commits) fails instead.
    /// </summary>
    public static readonly TimeSpan CaseDeadline = TimeSpan.FromMinutes(2);

    /// <summary>Runs an async case body to completion off any synchronization context, within
    /// <see cref="CaseDeadline"/> (a <see cref="TimeoutException"/> fails the case and FsCheck prints its seed).
    /// </summary>
    public static void Run(Func<Task> body) => Task.Run(body).WaitAsync(CaseDeadline).GetAwaiter().GetResult();

    /// <summary>Checks with a fixed seed and no environment knobs: for canaries, which must fail every time.</summary>
    public static void CheckSeeded<T>(Arbitrary<T> values, Action<T> body, int runs, ulong seed) =>
        global::FsCheck.Check.One(
            Quiet(runs).WithReplay(Replay(new Rnd(seed))), Prop.ForAll(values, body));

    private static FsCheck.Config Configuration(int runs)
    {
        var config = Quiet(runs);
        var replay = Environment.GetEnvironmentVariable(ReplayVariable);
        if (string.IsNullOrWhiteSpace(replay))
        {
            return config;
        }

        var parts = replay.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var seed)
            || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var gamma))
        {
            throw new InvalidOperationException($"{ReplayVariable}='{replay}' is not \"seed,gamma\"");
        }

        if (parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var size))
        {
            return config.WithMaxTest(1).WithReplay(
                FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.Some(size))));
        }

        return config.WithReplay(Replay(new Rnd(seed, gamma)));
    }

    private static FsCheck.Config Quiet(int runs) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true);

    private static FSharpOption<Replay> Replay(Rnd random) =>
        FSharpOption<Replay>.Some(new Replay(random, FSharpOption<int>.None));
}
