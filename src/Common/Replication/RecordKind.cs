namespace RocketMQ.Common.Replication;

/// <summary>
/// What a record in the replicated log holds (message batch, topic config, consumer offsets, …). The numbers
/// are chosen by the state machine's owner (the Store) and never interpreted by the log; they are stored in every
/// entry, so a value once used keeps its meaning forever.
/// </summary>
public readonly record struct RecordKind(ushort Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
