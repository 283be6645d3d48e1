using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Records;

/// <summary>
/// The store reads properties from UTF-8 bytes; the broker and clients read them as strings (Common's
/// <see cref="MessageProperties"/>, Java's split rules). Both must find the same properties, or a message's tags
/// hash and index keys would depend on which side parsed it.
/// </summary>
public sealed class Utf8PropertiesTests
{
    private static readonly string[] Names = ["TAGS", "KEYS", "UNIQ_KEY", "DELAY", "a", "k", "", "é", "中文"];

    [Property(MaxTest = 2000)]
    public Property TryGetValue_agrees_with_the_string_parser() =>
        Prop.ForAll(RecordGenerators.PropertiesText.ToArbitrary(), text =>
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            foreach (var name in Names)
            {
                var expected = MessageProperties.TryGetValue(text, name, out var value);
                var found = Utf8Properties.TryGetValue(utf8, Encoding.UTF8.GetBytes(name), out var utf8Value);
                Assert.True(expected == found, $"'{name}' found {found}, string parser {expected}: {Show(text)}");
                Assert.Equal(value.ToString(), Encoding.UTF8.GetString(utf8Value));
            }
        });

    [Property(MaxTest = 2000)]
    public Property Scan_agrees_with_the_parsed_map() =>
        Prop.ForAll(RecordGenerators.PropertiesText.ToArbitrary(), text =>
        {
            var map = MessageProperties.Parse(text);
            var scanned = Utf8Properties.Scan(Encoding.UTF8.GetBytes(text));
            var context = Show(text);
            Assert.True(map.ContainsKey("TAGS") == scanned.HasTags, context);
            Assert.Equal(map.GetValueOrDefault("TAGS", ""), Encoding.UTF8.GetString(scanned.Tags));
            Assert.Equal(map.GetValueOrDefault("KEYS", ""), Encoding.UTF8.GetString(scanned.Keys));
            Assert.Equal(map.GetValueOrDefault("UNIQ_KEY", ""), Encoding.UTF8.GetString(scanned.UniqueKey));
            Assert.Equal(map.GetValueOrDefault("DELAY", ""), Encoding.UTF8.GetString(scanned.DelayLevel));
        });

    [Theory]
    [InlineData("TAGS\u0001A\u0002", "A")]
    [InlineData("TAGS\u0001A", "A")]
    [InlineData("TAGS\u0001A\u0001", "A")] // split drops trailing empty parts
    [InlineData("TAGS\u0001old\u0002TAGS\u0001new\u0002", "new")]
    [InlineData("\u0002\u0002TAGS\u0001x\u0002\u0002", "x")]
    [InlineData("TAGS\u0001\u0002TAGS\u0001y", "y")]
    [InlineData("TAGS\u0001中文😀\u0002", "中文😀")]
    public void Tags_are_found_where_javas_split_finds_them(string text, string tags)
    {
        var scanned = Utf8Properties.Scan(Encoding.UTF8.GetBytes(text));

        Assert.True(scanned.HasTags);
        Assert.Equal(tags, Encoding.UTF8.GetString(scanned.Tags));
    }

    [Theory]
    [InlineData("TAGS\u0001\u0002")]
    [InlineData("TAGS\u0002")]
    [InlineData("TAGS\u0001a\u0001b\u0002")]
    [InlineData("TAGS\u0001\u0001\u0002")]
    [InlineData("TAGSX\u0001a\u0002")]
    [InlineData("")]
    public void Tags_are_absent_where_javas_split_drops_them(string text) =>
        Assert.False(Utf8Properties.Scan(Encoding.UTF8.GetBytes(text)).HasTags);

    private static string Show(string text) =>
        new StringBuilder(text).Replace("\u0001", "\\1").Replace("\u0002", "\\2").ToString();
}
