using System.Net;
using System.Text;
using RocketMQ.Common.Messages;
using RocketMQ.Store.Records;

namespace RocketMQ.Store.Tests.Properties;

/// <summary>
/// One generated message. The body is described by a length and a seed rather than held, so a command list prints
/// compactly and a megabyte body costs nothing until it is put.
/// </summary>
internal sealed record MessageSpec(string? Tags, string? Keys, string? UniqueKey, int BodyLength, int BodySeed,
    int Flag)
{
    public static readonly IPEndPoint BornHost = new(IPAddress.Parse("10.0.0.7"), 50123);

    /// <summary>RocketMQ's properties string (<c>name\u0001value\u0002</c>…), "" when there are none.</summary>
    public string Properties
    {
        get
        {
            var properties = new StringBuilder();
            Append("TAGS", Tags);
            Append("KEYS", Keys);
            Append("UNIQ_KEY", UniqueKey);
            return properties.ToString();

            void Append(string name, string? value)
            {
                if (value is not null)
                {
                    properties.Append(name).Append('\u0001').Append(value).Append('\u0002');
                }
            }
        }
    }

    public long BornTimestamp => 1_700_000_000_000L + BodySeed;

    /// <summary>The ConsumeQueue tags code: Java's hash of TAGS, 0 without tags (RocketMQ).</summary>
    public long TagsCode => Tags is { Length: > 0 } ? TagsHash.Of(Tags) : 0;

    /// <summary>The keys the index files the message under: UNIQ_KEY, then each non-empty KEYS entry (Java).</summary>
    public IReadOnlyList<string> IndexKeys =>
    [
        .. UniqueKey is { Length: > 0 } ? [UniqueKey] : Array.Empty<string>(),
        .. (Keys ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
    ];

    public byte[] Body()
    {
        var body = new byte[BodyLength];
        new Random(BodySeed).NextBytes(body);
        return body;
    }

    /// <summary>TOTALSIZE as RocketMQ's <c>calMsgLength</c> gives it (IPv4 hosts, so sysFlag adds nothing).</summary>
    public int StoredSize(string topic) => StoredMessageLayout.MessageLength(0, BodyLength,
        Encoding.UTF8.GetByteCount(topic), Encoding.UTF8.GetByteCount(Properties));

    public MessageToStore ToStore(string topic, int queueId) => new()
    {
        Topic = topic,
        QueueId = queueId,
        Flag = Flag,
        BornTimestamp = BornTimestamp,
        BornHost = BornHost,
        Properties = Properties,
        Body = Body(),
    };

    public override string ToString() =>
        $"msg(tags={Tags ?? "-"}, keys={Keys ?? "-"}, uniq={UniqueKey ?? "-"}, body={BodyLength}b#{BodySeed})";
}

/// <summary>One producer send: one message, or a batch to one queue (all-or-nothing, consecutive offsets).</summary>
internal sealed record SendSpec(string Topic, int QueueId, MessageSpec[] Messages)
{
    public MessageToStore[] ToStore() => [.. Messages.Select(m => m.ToStore(Topic, QueueId))];

    public override string ToString() => $"send({Topic}/{QueueId}: {string.Join(", ", Messages.AsEnumerable())})";
}
