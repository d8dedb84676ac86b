using System.Diagnostics.Metrics;

namespace InterviewPlatform.Shared.Sessions;

/// <summary>The live sessions' instruments, exported on <c>/metrics</c> (names there use underscores).</summary>
public sealed class SessionMetrics
{
    public const string MeterName = "InterviewPlatform.Sessions";

    private readonly UpDownCounter<int> _connected;
    private readonly Counter<long> _acks;
    private readonly Histogram<double> _ackDuration;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _takeovers;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _timeouts;
    private readonly Histogram<int> _batchSize;

    public SessionMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _connected = Meter.CreateUpDownCounter<int>("sessions.connected", description: "Candidate connections on this node");
        _acks = Meter.CreateCounter<long>("sessions.acks", description: "Answers acknowledged after their commit");
        _ackDuration = Meter.CreateHistogram<double>("sessions.ack.duration", "ms", "From receiving an answer to acknowledging it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] });
        _refusals = Meter.CreateCounter<long>("sessions.refusals", description: "Hub calls refused, by code");
        _reconnects = Meter.CreateCounter<long>("sessions.reconnects", description: "Candidates who came back to a started interview");
        _takeovers = Meter.CreateCounter<long>("sessions.takeovers", description: "Sessions moved to another device");
        _renewals = Meter.CreateCounter<long>("sessions.lease.renewals", description: "Leases renewed (one batched call per period)");
        _timeouts = Meter.CreateCounter<long>("sessions.timeouts", description: "Questions whose time ran out, recorded by the server");
        _batchSize = Meter.CreateHistogram<int>("sessions.writer.batch.size", description: "Session writes sharing one commit",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
    }

    public Meter Meter { get; }

    public void Connected() => _connected.Add(1);

    public void Disconnected() => _connected.Add(-1);

    public void Acknowledged(TimeSpan elapsed)
    {
        _acks.Add(1);
        _ackDuration.Record(elapsed.TotalMilliseconds);
    }

    public void Refused(string code) => _refusals.Add(1, new KeyValuePair<string, object?>("code", code));

    public void Reconnected() => _reconnects.Add(1);

    public void TookOver() => _takeovers.Add(1);

    public void Renewed(int leases) => _renewals.Add(leases);

    public void TimedOut(int questions) => _timeouts.Add(questions);

    public void BatchCommitted(int writes) => _batchSize.Record(writes);
}
