using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Hashing;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Records;

/// <summary>
/// The store hashes tags and index keys from UTF-8 bytes (<see cref="JavaStringHash"/>); the broker hashes
/// subscription tags from strings (<see cref="TagsHash"/>). A pull filter only matches if both agree. And the topic
/// rule that guards directory names.
/// </summary>
public sealed partial class HashAndTopicNameTests
{
    // Whole code points only (surrogate pairs stay together): what a Java client can send as UTF-8.
    private static readonly Gen<string> WellFormedText =
        Gen.Frequency(
                (4, Gen.Choose(0x20, 0x7E)),
                (2, Gen.Choose(0x80, 0x7FF)),
                (2, Gen.Choose(0x800, 0xFFFF).Where(c => c is < 0xD800 or > 0xDFFF)),
                (2, Gen.Choose(0x10000, 0x10FFFF)),
                (1, Gen.Choose(0, 0x1F)))
            .ListOf()
            .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)));

    [Property(MaxTest = 2000)]
    public Property The_utf8_hash_equals_the_string_hash() =>
        Prop.ForAll(WellFormedText.ToArbitrary(),
            text => TagsHash.Of(text) == JavaStringHash.Of(Encoding.UTF8.GetBytes(text)));

    [Property(MaxTest = 500)]
    public Property Appending_continues_the_hash() =>
        Prop.ForAll(WellFormedText.ToArbitrary(), WellFormedText.ToArbitrary(), (left, right) =>
            JavaStringHash.Append(JavaStringHash.Of(Encoding.UTF8.GetBytes(left)), Encoding.UTF8.GetBytes(right))
            == JavaStringHash.Of(Encoding.UTF8.GetBytes(left + right)));

    [Property(MaxTest = 1000)]
    public Property Malformed_utf8_hashes_as_its_decoded_replacement_characters() =>
        Prop.ForAll(Gen.Choose(0, 40).ToArbitrary(), ArbMap.Default.ArbFor<int>(), (length, seed) =>
        {
            var bytes = RecordGenerators.RandomBytes(seed, length);
            return JavaStringHash.Of(bytes) == TagsHash.Of(Encoding.UTF8.GetString(bytes));
        });

    [Theory]
    [InlineData("TagA", 2598919)] // Java: "TagA".hashCode()
    [InlineData("", 0)]
    [InlineData("中文标签", 622041809)]
    [InlineData("😀", 1772899)] // two UTF-16 units, 0xD83D 0xDE00
    [InlineData("a😀b", 57849694)]
    [InlineData("TopicTest#order-1", -1829193424)]
    public void Hashes_match_java_vectors(string text, int javaHashCode)
    {
        Assert.Equal(javaHashCode, JavaStringHash.Of(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(javaHashCode, TagsHash.Of(text));
    }

    [Property(MaxTest = 2000)]
    public Property Topic_rule_is_javas_regex_and_both_overloads_agree() =>
        Prop.ForAll(TopicCandidates.ToArbitrary(), topic =>
        {
            var expected = topic.Length <= 127 && JavaTopicPattern().IsMatch(topic);
            return TopicName.IsValid(topic) == expected
                   && TopicName.IsValid(Encoding.UTF8.GetBytes(topic)) == expected;
        });

    [Theory]
    [InlineData("TopicTest", true)]
    [InlineData("%RETRY%please_rename_unique_group_name", true)]
    [InlineData("%DLQ%group|x-1", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("a.b", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    [InlineData("topic\u0000", false)]
    public void Topic_names(string topic, bool valid)
    {
        Assert.Equal(valid, TopicName.IsValid(topic));
        Assert.Equal(valid, TopicName.IsValid(Encoding.UTF8.GetBytes(topic)));
    }

    [Fact]
    public void Topic_length_is_at_most_127()
    {
        Assert.True(TopicName.IsValid(new string('t', 127)));
        Assert.False(TopicName.IsValid(new string('t', 128)));
        Assert.False(TopicName.IsValid(Encoding.UTF8.GetBytes(new string('t', 128))));
        Assert.False(TopicName.IsValid((string?)null));
    }

    // Fragments inside and outside the allowed set, repeated now and then to reach the length limit.
    private static Gen<string> TopicCandidates { get; } =
        from parts in Gen.Elements("a", "Z", "0", "%", "|", "_", "-", ".", "/", " ", "é", "\u0000", "\n", "#", "中")
            .NonEmptyListOf()
        from repeat in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(1, 70)))
        select string.Concat(Enumerable.Repeat(string.Concat(parts), repeat));

    // Java's TopicValidator (a bitmap of these characters since 4.9.x; the regex before): the whole name must match,
    // hence \z rather than $, which .NET also lets match before a final newline.
    [GeneratedRegex("^[%|a-zA-Z0-9_-]+\\z")]
    private static partial Regex JavaTopicPattern();
}
