namespace RocketMQ.Jepsen.Report;

/// <summary>How one send ended, as history.jsonl's completion type says (see FORMATS.md).</summary>
public enum SendOutcome
{
    /// <summary>Acknowledged: the broker answered that the message is stored.</summary>
    Ok,

    /// <summary>Definitely not stored.</summary>
    Fail,

    /// <summary>Indeterminate: a timeout, a lost connection or an error after the append.</summary>
    Info,
}

/// <summary>One send as the report sees it.</summary>
/// <param name="StartMs">When the worker invoked it, in ms since the run's start.</param>
/// <param name="LatencyMs">From invoke to completion, in ms (≥ 0); for <see cref="SendOutcome.Info"/> usually the
/// client's timeout.</param>
/// <param name="Outcome">How it ended.</param>
public sealed record SendSample(double StartMs, double LatencyMs, SendOutcome Outcome)
{
    /// <summary>When the completion was recorded, in ms since the run's start.</summary>
    public double EndMs => StartMs + LatencyMs;
}
