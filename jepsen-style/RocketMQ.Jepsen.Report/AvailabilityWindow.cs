namespace RocketMQ.Jepsen.Report;

/// <summary>How long one fault kept clients from getting acknowledgements.</summary>
/// <param name="Fault">The fault kind.</param>
/// <param name="Targets">The members it hit.</param>
/// <param name="FaultStartMs">When the fault started, in ms since the run's start.</param>
/// <param name="DisruptionStartMs">The start of the first disrupted send attributed to this fault; null when no
/// send was disrupted.</param>
/// <param name="RecoveredAtMs">The completion of the first acknowledged send started after the disruption began;
/// null when there was no disruption, or when no later send was acknowledged (see <paramref name="Recovered"/>).
/// </param>
/// <param name="WindowMs">From <paramref name="DisruptionStartMs"/> to <paramref name="RecoveredAtMs"/>; 0 with no
/// disruption. When the run never recovered, measured to the last completion seen, so a lower bound.</param>
/// <param name="Recovered">False when a disruption began and no later-started send was ever acknowledged.</param>
public sealed record AvailabilityWindow(
    string Fault,
    string Targets,
    double FaultStartMs,
    double? DisruptionStartMs,
    double? RecoveredAtMs,
    double WindowMs,
    bool Recovered);

/// <summary>Window lengths of one fault kind (nearest-rank percentiles, zero-length windows included).</summary>
public sealed record FaultKindAvailability(string Fault, int Count, double P50Ms, double P99Ms, double MaxMs);

/// <summary>The result of <see cref="AvailabilityWindows.Compute(IReadOnlyList{SendSample},
/// IReadOnlyList{FaultWindow}, double)"/>.</summary>
/// <param name="Windows">One per fault, in fault start order.</param>
/// <param name="ByFault">One per fault kind, ordered by kind name.</param>
public sealed record AvailabilityReport(
    IReadOnlyList<AvailabilityWindow> Windows,
    IReadOnlyList<FaultKindAvailability> ByFault);
