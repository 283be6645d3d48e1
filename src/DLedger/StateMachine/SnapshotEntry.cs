using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using RocketMQ.Common.Replication;

namespace RocketMQ.DLedger.StateMachine;

/// <summary>A <see cref="ReplicaSnapshot"/> in the shape DotNext's log and replication expect.</summary>
internal sealed class SnapshotEntry(ReplicaSnapshot snapshot) : ISnapshot
{
    public ReplicaSnapshot Source => snapshot;

    public long Index => snapshot.Index;

    public long Term => snapshot.Term;

    public bool IsReusable => true;

    public long? Length => snapshot.State.Length;

    public ValueTask WriteToAsync<TWriter>(TWriter writer, CancellationToken token)
        where TWriter : IAsyncBinaryWriter
        => writer.WriteAsync(snapshot.State, lengthFormat: null, token);

    bool IDataTransferObject.TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        memory = snapshot.State;
        return true;
    }

    int? IRaftLogEntry.CommandId => null;
}
