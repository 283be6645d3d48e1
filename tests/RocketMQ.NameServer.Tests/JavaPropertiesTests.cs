using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Configuration;

namespace RocketMQ.NameServer.Tests;

public class JavaPropertiesTests
{
    [Fact]
    public void Parses_the_forms_java_accepts()
    {
        const string Text = "# comment\n! also a comment\n\n" +
            "brokerClusterName = DefaultCluster\n" +
            "brokerName:broker-a\n" +
            "brokerId 0\n" +
            "  deleteWhen=04\n" +
            "namesrvAddr=127.0.0.1:9876;\\\n    127.0.0.2:9876\n" +
            "path=C:\\\\data\\tx\n" +
            "unicode=\\u4e2d\\u6587\n" +
            "key\\ with\\ spaces=v\n" +
            "empty=\n" +
            "brokerName=broker-b\r\n";

        var properties = JavaProperties.Parse(Text);

        Assert.Equal("DefaultCluster", properties["brokerClusterName"]);
        Assert.Equal("broker-b", properties["brokerName"]);
        Assert.Equal("0", properties["brokerId"]);
        Assert.Equal("04", properties["deleteWhen"]);
        Assert.Equal("127.0.0.1:9876;127.0.0.2:9876", properties["namesrvAddr"]);
        Assert.Equal("C:\\data\tx", properties["path"]);
        Assert.Equal("中文", properties["unicode"]);
        Assert.Equal("v", properties["key with spaces"]);
        Assert.Equal("", properties["empty"]);
        Assert.Equal(9, properties.Count);
    }

    [Fact]
    public void Malformed_unicode_escape_names_the_line()
    {
        var error = Assert.Throws<FormatException>(() => JavaProperties.Parse("a=1\nb=\\u12"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public Property Write_then_parse_gives_back_the_same_pairs() =>
        RoundTrips(Gen.Elements(
                "", "a", "=", ":", "#", "!", " ", "  ", "\\", "\t", "\n", "\r", "é", "中", "😀", "x y")
            .ListOf()
            .Select(parts => string.Concat(parts)));

    // FsCheck's own string generator: any UTF-16 code unit, control characters and lone surrogates included.
    [Property(MaxTest = 300)]
    public Property Arbitrary_strings_survive_write_then_parse() =>
        RoundTrips(ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    private static Property RoundTrips(Gen<string> text)
    {
        var pairs = Gen.Zip(text, text).ListOf().Select(list =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in list)
            {
                map[key] = value;
            }

            return map;
        });

        return Prop.ForAll(pairs.ToArbitrary(), map =>
        {
            var parsed = JavaProperties.Parse(JavaProperties.Write(map));
            return parsed.Count == map.Count && map.All(p => parsed.TryGetValue(p.Key, out var v) && v == p.Value);
        });
    }
}
