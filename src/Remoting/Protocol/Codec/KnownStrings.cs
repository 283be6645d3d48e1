using System.Text;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// Returns one shared string for the ext-field keys and values that nearly every frame repeats (the header field
/// names of send, pull, offset and name-server requests, and values such as "0" or "false"), so decoding a
/// header does not allocate them again and again. Anything else is decoded normally.
/// </summary>
internal static class KnownStrings
{
    private static readonly string[] Strings =
    [
        // SendMessageRequestHeaderV2 one-letter keys.
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        // Send (v1), pull, offsets, send results.
        "producerGroup", "topic", "defaultTopic", "defaultTopicQueueNums", "queueId", "sysFlag", "bornTimestamp",
        "flag", "properties", "reconsumeTimes", "unitMode", "batch", "maxReconsumeTimes", "consumerGroup",
        "queueOffset", "maxMsgNums", "commitOffset", "suspendTimeoutMillis", "subscription", "subVersion",
        "expressionType", "msgId", "transactionId", "nextBeginOffset", "minOffset", "maxOffset",
        "suggestWhichBrokerId", "offset", "group", "delayLevel", "originMsgId", "originTopic", "timestamp",
        // Name server.
        "brokerName", "brokerAddr", "clusterName", "haServerAddr", "brokerId", "compressed", "bodyCrc32",
        "masterAddr", "namespace", "key", "value", "cluster",
        // ACL 1.0 signing fields ali-ons may add.
        "AccessKey", "Signature", "OnsChannel",
        // Frequent values.
        "0", "1", "-1", "true", "false", "TBW102", "*", "TAG", "SQL92",
    ];

    private static readonly byte[][] Utf8 = Array.ConvertAll(Strings, Encoding.UTF8.GetBytes);

    // Candidates by byte length, so a lookup compares against a handful of entries at most.
    private static readonly int[][] ByLength = BuildIndex();

    /// <summary>The shared instance when <paramref name="utf8"/> is a known string; a new string otherwise.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length < ByLength.Length)
        {
            foreach (var index in ByLength[utf8.Length])
            {
                if (utf8.SequenceEqual(Utf8[index]))
                {
                    return Strings[index];
                }
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    private static int[][] BuildIndex()
    {
        var maxLength = Utf8.Max(bytes => bytes.Length);
        var index = new List<int>[maxLength + 1];
        for (var i = 0; i < index.Length; i++)
        {
            index[i] = [];
        }

        for (var i = 0; i < Utf8.Length; i++)
        {
            index[Utf8[i].Length].Add(i);
        }

        return Array.ConvertAll(index, list => list.ToArray());
    }
}
