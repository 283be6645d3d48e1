using System.Text;
using System.Text.Json;
using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>Java's LanguageCode enum names, as JSON headers carry them.</summary>
internal static class LanguageCodeNames
{
    private static readonly string[] Names =
        ["JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY", "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST"];

    private static readonly byte[][] Utf8Names = Array.ConvertAll(Names, Encoding.UTF8.GetBytes);

    public static string NameOf(LanguageCode language) =>
        (int)language < Names.Length ? Names[(int)language] : "OTHER";

    /// <summary>Reads the current string token; unknown names map to <see cref="LanguageCode.Other"/> because a
    /// newer client's language must not make its requests unreadable.</summary>
    public static LanguageCode Parse(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(Utf8Names[i]))
            {
                return (LanguageCode)i;
            }
        }

        return LanguageCode.Other;
    }

    public static LanguageCode FromByte(byte value) =>
        value < Names.Length ? (LanguageCode)value : LanguageCode.Other;
}
