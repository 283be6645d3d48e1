namespace RocketMQ.Jepsen.Report;

/// <summary>What <see cref="TimelineChart"/> draws: one run's sends and faults.</summary>
/// <param name="Title">The picture's heading (the run's name, for example).</param>
/// <param name="Sends">Every send, in any order.</param>
/// <param name="Faults">Every fault, in any order; windows may overlap.</param>
/// <param name="DurationMs">The run's length in ms (&gt; 0); the x axis spans 0 to this.</param>
public sealed record TimelineInput(
    string Title,
    IReadOnlyList<SendSample> Sends,
    IReadOnlyList<FaultWindow> Faults,
    double DurationMs);
