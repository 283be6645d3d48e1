using System.Globalization;
using RocketMQ.Common.Replication;
using RocketMQ.Store.Checkpoint;
using RocketMQ.Store.Files;

namespace RocketMQ.Store.Retention;

/// <summary>
/// Where the retention boundary may move to (decision 9). The boundary must be a state the store can describe
/// exactly — a replica behind it receives that description as its snapshot — so every
/// <c>retentionSnapshotIntervalBytes</c> of applied log one checkpoint is kept as a retention point; moving the
/// boundary makes one point the snapshot (<c>checkpoint/snapshot</c>) and drops the older ones.
/// </summary>
/// <remarks>Thread-safe: the checkpointer adds points, the retention task moves the boundary, the log reads
/// <see cref="Snapshot"/>.</remarks>
public sealed class RetentionPoints
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly List<RetentionPoint> _points = [];
    private ReplicaSnapshot? _snapshot;
    private long _snapshotMaxStoreTimestamp;
    private long _lastPointLogBytes = long.MinValue;

    public RetentionPoints(string checkpointDirectory)
    {
        _directory = Path.Combine(checkpointDirectory, "retention");
        SnapshotPath = Path.Combine(checkpointDirectory, "snapshot");
    }

    /// <summary>The current boundary's state, as the log ships it (null = nothing deleted yet).</summary>
    public ReplicaSnapshot? Snapshot => Volatile.Read(ref _snapshot);

    public string SnapshotPath { get; }

    /// <summary>Retention points above the boundary, oldest first.</summary>
    public IReadOnlyList<RetentionPoint> Points
    {
        get
        {
            lock (_gate)
            {
                return [.. _points];
            }
        }
    }

    /// <summary>Reads the boundary and the points left by the last run.</summary>
    public void Load()
    {
        Directory.CreateDirectory(_directory);
        if (File.Exists(SnapshotPath) && TryDecode(File.ReadAllBytes(SnapshotPath)) is { } boundary)
        {
            _snapshot = new ReplicaSnapshot(boundary.Index, boundary.Term, File.ReadAllBytes(SnapshotPath));
            _snapshotMaxStoreTimestamp = boundary.MaxStoreTimestamp;
        }

        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var bytes = File.ReadAllBytes(path);
            if (TryDecode(bytes) is { } point && point.Index > (_snapshot?.Index ?? 0))
            {
                _points.Add(new RetentionPoint(point.Index, point.Term, point.MaxStoreTimestamp, point.AppliedLogBytes,
                    path));
            }
            else
            {
                File.Delete(path);
            }
        }

        _points.Sort((a, b) => a.Index.CompareTo(b.Index));
        _lastPointLogBytes = _points.Count > 0 ? _points[^1].AppliedLogBytes : long.MinValue;
    }

    /// <summary>Keeps <paramref name="checkpoint"/> as a point when enough log was applied since the last one.</summary>
    internal void OnCheckpoint(CapturedCheckpoint checkpoint, long intervalBytes)
    {
        lock (_gate)
        {
            if (_lastPointLogBytes != long.MinValue && checkpoint.AppliedLogBytes - _lastPointLogBytes < intervalBytes)
            {
                return;
            }

            var path = Path.Combine(_directory, checkpoint.Index.ToString("D20", CultureInfo.InvariantCulture));
            AtomicFile.Write(path, checkpoint.Bytes, keepBackup: false);
            _points.Add(new RetentionPoint(checkpoint.Index, checkpoint.Term, checkpoint.MaxStoreTimestamp,
                checkpoint.AppliedLogBytes, path));
            _lastPointLogBytes = checkpoint.AppliedLogBytes;
        }
    }

    /// <summary>
    /// Makes <paramref name="point"/> the boundary: its state becomes the snapshot (written first, so a crash leaves
    /// either the old or the new boundary), then it and every older point are dropped.
    /// </summary>
    public ReplicaSnapshot MoveTo(RetentionPoint point)
    {
        var bytes = File.ReadAllBytes(point.Path);
        var snapshot = new ReplicaSnapshot(point.Index, point.Term, bytes);
        lock (_gate)
        {
            AtomicFile.Write(SnapshotPath, bytes, keepBackup: false);
            Volatile.Write(ref _snapshot, snapshot);
            _snapshotMaxStoreTimestamp = point.MaxStoreTimestamp;
            foreach (var old in _points.Where(p => p.Index <= point.Index).ToList())
            {
                File.Delete(old.Path);
                _points.Remove(old);
            }
        }

        return snapshot;
    }

    /// <summary>Replaces everything with an installed snapshot (this replica was behind the leader's boundary).</summary>
    public void Reset(ReplicaSnapshot snapshot, long maxStoreTimestamp)
    {
        lock (_gate)
        {
            AtomicFile.Write(SnapshotPath, snapshot.State.Span, keepBackup: false);
            foreach (var point in _points)
            {
                File.Delete(point.Path);
            }

            _points.Clear();
            _lastPointLogBytes = long.MinValue;
            _snapshotMaxStoreTimestamp = maxStoreTimestamp;
            Volatile.Write(ref _snapshot, snapshot);
        }
    }

    private static StoreCheckpoint? TryDecode(byte[] bytes)
    {
        try
        {
            return StoreCheckpoint.Decode(bytes);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>A kept checkpoint the boundary may move to.</summary>
/// <param name="Index">The last log index it covers.</param>
/// <param name="Term">That entry's term.</param>
/// <param name="MaxStoreTimestamp">The newest store timestamp of any message at or below it.</param>
/// <param name="AppliedLogBytes">Log bytes applied up to it (spacing between points).</param>
/// <param name="Path">Its file.</param>
public sealed record RetentionPoint(long Index, long Term, long MaxStoreTimestamp, long AppliedLogBytes, string Path);
