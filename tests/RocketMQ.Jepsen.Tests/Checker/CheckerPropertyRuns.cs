using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>
/// Runs the checker properties from a fixed seed, so CI repeats the same cases; <c>CHECKER_PROPERTY_REPLAY</c>
/// ("seed,gamma" or "seed,gamma,size" as FsCheck prints it after a failure) replays a failing run instead.
/// </summary>
internal static class CheckerPropertyRuns
{
    public const string ReplayVariable = "CHECKER_PROPERTY_REPLAY";

    // Any odd gamma gives a full-period SplitMix stream; fixed so a seed alone names a run.
    private const ulong Gamma = 0x9E37_79B9_7F4A_7C15;

    public static void Check<T>(Arbitrary<T> values, Action<T> body, int runs, ulong seed) =>
        global::FsCheck.Check.One(Configuration(runs, seed), Prop.ForAll(values, body));

    private static Config Configuration(int runs, ulong seed)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true);
        var replay = Environment.GetEnvironmentVariable(ReplayVariable);
        if (string.IsNullOrWhiteSpace(replay))
        {
            return config.WithReplay(Replay(new Rnd(seed, Gamma), size: null));
        }

        var parts = replay.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var replaySeed)
            || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var gamma))
        {
            throw new InvalidOperationException($"{ReplayVariable}='{replay}' is not \"seed,gamma[,size]\"");
        }

        int? size = parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        return (size is null ? config : config.WithMaxTest(1)).WithReplay(Replay(new Rnd(replaySeed, gamma), size));
    }

    private static FSharpOption<Replay> Replay(Rnd random, int? size) => FSharpOption<Replay>.Some(
        new Replay(random, size is { } value ? FSharpOption<int>.Some(value) : FSharpOption<int>.None));
}
