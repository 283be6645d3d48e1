namespace RocketMQ.Jepsen.Report;

/// <summary>One fault from nemesis.jsonl: its start and end lines joined by id.</summary>
/// <param name="StartMs">The start line's time, in ms since the run's start.</param>
/// <param name="EndMs">The end line's time (≥ <paramref name="StartMs"/>); a fault with no end line lasted to the end
/// of the run, so the caller passes the run's duration.</param>
/// <param name="Fault">The fault kind: <c>kill</c>, <c>pause</c>, <c>partition</c>, …</param>
/// <param name="Targets">The members it hit, as people read them (<c>"n1"</c>, <c>"n0,n2"</c>).</param>
public sealed record FaultWindow(double StartMs, double EndMs, string Fault, string Targets);
