using FsCheck;
using FsCheck.Fluent;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Tests;

/// <summary>FsCheck generators for commands the codecs must round-trip.</summary>
public static class CommandGenerators
{
    // Text that stresses both encoders: escapes, control characters, multi-byte UTF-8 and surrogate pairs.
    private static readonly string[] Fragments =
    [
        "", "a", "TopicTest", "\"", "\\", "/", "\u0001", "\u0002", "\n\t", "é", "中文", "😀", "\u00ff", "{}", "=:",
    ];

    /// <summary>Well-formed UTF-16 (no lone surrogates — they have no UTF-8 form), built from fragments.</summary>
    public static Gen<string> Text { get; } =
        Gen.OneOf(
                Gen.Elements(Fragments),
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(Sanitize))
            .ListOf()
            .Select(parts => string.Concat(parts));

    /// <summary>Bodies of 0 to 1 MiB, mostly small so a run stays fast; contents from a generated seed.</summary>
    public static Gen<byte[]> Body { get; } =
        Gen.Frequency(
                (30, Gen.Choose(0, 64)),
                (8, Gen.Choose(0, 8192)),
                (1, Gen.Choose(0, 1024 * 1024)))
            .Zip(ArbMap.Default.GeneratorFor<int>())
            .Select(t =>
            {
                var bytes = new byte[t.Item1];
                new Random(t.Item2).NextBytes(bytes);
                return bytes;
            });

    /// <summary>Any command: full 32-bit code and version (ROCKETMQ keeps the low 16 bits), null, empty and
    /// unicode remarks, now and then an undefined language (read back as OTHER) and null ext values (never
    /// written). <see cref="CommandAssert.SameOnWire"/> models what each serialization preserves.</summary>
    public static Gen<RemotingCommand> Command(SerializeType serializeType) =>
        from code in Gen.OneOf(Gen.Choose(-5, 400), ArbMap.Default.GeneratorFor<int>())
        from language in Gen.Frequency(
            (12, Gen.Elements(Enum.GetValues<LanguageCode>())),
            (1, Gen.Choose(13, 255).Select(b => (LanguageCode)b)))
        from version in Gen.OneOf(Gen.Constant(RemotingVersion.Current), ArbMap.Default.GeneratorFor<int>())
        from opaque in ArbMap.Default.GeneratorFor<int>()
        from flag in Gen.Elements(0, 1, 2, 3, int.MaxValue, -1)
        from remark in Gen.OneOf(Gen.Constant<string?>(null), Gen.Constant<string?>(""), Text.Select(s => (string?)s))
        from ext in Gen.OneOf(Gen.Constant<Dictionary<string, string>?>(null), ExtFields)
        from body in Body
        select new RemotingCommand
        {
            Code = code,
            Language = language,
            Version = version,
            Opaque = opaque,
            Flag = flag,
            Remark = remark,
            ExtFields = ext,
            Body = body,
            SerializeType = serializeType,
        };

    private static Gen<Dictionary<string, string>?> ExtFields { get; } =
        Gen.Zip(Text, Gen.Frequency((20, Text.Select(s => (string?)s)), (1, Gen.Constant<string?>(null))))
            .ListOf()
            .Select(pairs =>
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    // Null values reach the codec only through code that ignores nullability; it must skip them.
                    map[key] = value!;
                }

                return (Dictionary<string, string>?)map;
            });

    private static string Sanitize(string s) =>
        string.Create(s.Length, s, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsSurrogate(source[i]) ? '?' : source[i];
            }
        });
}
