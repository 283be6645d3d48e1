using System.Text;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.Tests.Groups;

internal static class GroupAppendExtensions
{
    public static ValueTask<AppendResult> AppendTextAsync(this DLedgerNode node, string text, object? context = null) =>
        node.AppendAsync(TestGroup.Kind, Encoding.UTF8.GetBytes(text), context, CancellationToken.None);

    /// <summary>Appends and asserts the record committed.</summary>
    public static async Task<AppendResult> CommitTextAsync(this DLedgerNode node, string text)
    {
        var result = await node.AppendTextAsync(text).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsCommitted, $"append '{text}' on {node.SelfId}: {result.Status}");
        return result;
    }

    public static string[] Texts(this RecordingStateMachine machine) => machine.Records.Select(r => r.Text).ToArray();
}
