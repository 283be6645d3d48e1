using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Messages;

namespace RocketMQ.Common.Tests;

public class MessagePropertiesTests
{
    private const char N = MessageProperties.NameValueSeparator;
    private const char P = MessageProperties.PropertySeparator;

    [Fact]
    public void Serialize_writes_java_form_with_a_trailing_separator_and_skips_null_values()
    {
        var text = MessageProperties.Serialize([
            new("TAGS", "TagA"), new("KEYS", "k1 k2"), new("SKIPPED", null), new("UNIQ_KEY", "0A0B"),
        ]);

        Assert.Equal($"TAGS{N}TagA{P}KEYS{N}k1 k2{P}UNIQ_KEY{N}0A0B{P}", text);
    }

    [Theory]
    [InlineData("k\u0001v\u0002", "k", "v")]
    [InlineData("k\u0001v", "k", "v")]
    [InlineData("k\u0001v\u0001", "k", "v")]
    [InlineData("k\u0001v\u0001\u0001", "k", "v")]
    [InlineData("\u0001v\u0002", "", "v")]
    [InlineData("a\u0001x\u0002k\u0001v\u0002", "k", "v")]
    [InlineData("k\u0001old\u0002k\u0001new\u0002", "k", "new")]
    public void Parse_keeps_what_javas_split_keeps(string text, string name, string value)
    {
        Assert.Equal(value, MessageProperties.Parse(text)[name]);
        Assert.True(MessageProperties.TryGetValue(text, name, out var found));
        Assert.Equal(value, found.ToString());
    }

    [Theory]
    [InlineData("k\u0001\u0002")]
    [InlineData("k\u0002")]
    [InlineData("k\u0001\u0001\u0002")]
    [InlineData("k\u0001a\u0001b\u0002")]
    [InlineData("k\u0001\u0001b\u0002")]
    [InlineData("\u0002\u0002")]
    [InlineData("")]
    public void Parse_drops_what_javas_split_drops(string text)
    {
        Assert.Empty(MessageProperties.Parse(text));
        Assert.False(MessageProperties.TryGetValue(text, "k", out _));
    }

    [Fact]
    public void Null_text_parses_to_an_empty_map() => Assert.Empty(MessageProperties.Parse(null));

    [Property(MaxTest = 300)]
    public Property Serialize_then_parse_round_trips_names_and_values_without_separators()
    {
        var clean = ArbMap.Default.GeneratorFor<NonEmptyString>()
            .Select(s => s.Get.Replace(N.ToString(), "", StringComparison.Ordinal)
                .Replace(P.ToString(), "", StringComparison.Ordinal))
            .Where(s => s.Length > 0);
        var maps = Gen.Zip(clean, clean).ListOf()
            .Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2));
        return Prop.ForAll(maps.ToArbitrary(), map =>
        {
            var text = MessageProperties.Serialize(map.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
            var parsed = MessageProperties.Parse(text);
            return parsed.Count == map.Count && map.All(p => parsed[p.Key] == p.Value);
        });
    }
}
