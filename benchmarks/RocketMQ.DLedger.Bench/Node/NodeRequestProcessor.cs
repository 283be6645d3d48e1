using System.Globalization;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.DLedger.Bench.Protocol;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using F = RocketMQ.DLedger.Bench.Protocol.BenchCodes.Fields;

namespace RocketMQ.DLedger.Bench.Node;

/// <summary>Answers the bench requests (<see cref="BenchCodes"/>) from one member's log and state machine.</summary>
/// <remarks>Thread-safe: the remoting layer calls it concurrently for every request.</remarks>
internal sealed class NodeRequestProcessor(IReplicatedLog log, CountingStateMachine machine) : IRequestProcessor
{
    /// <summary>The longest AWAIT_APPLIED wait a request may ask for.</summary>
    private static readonly TimeSpan MaxAwait = TimeSpan.FromMinutes(5);

    public void Register(Remoting.Dispatch.RequestDispatcher dispatcher) => dispatcher.Register(this,
        BenchCodes.Append, BenchCodes.State, BenchCodes.Digest, BenchCodes.AwaitApplied, BenchCodes.Contains);

    public ValueTask<RemotingCommand?> ProcessAsync(RemotingCommand request, IRemotingChannel channel,
        CancellationToken cancellationToken) => request.Code switch
        {
            BenchCodes.Append => AppendAsync(request, cancellationToken),
            BenchCodes.State => ValueTask.FromResult<RemotingCommand?>(State(request)),
            BenchCodes.Digest => ValueTask.FromResult<RemotingCommand?>(Digest(request, reached: null)),
            BenchCodes.AwaitApplied => AwaitAppliedAsync(request, cancellationToken),
            BenchCodes.Contains => ValueTask.FromResult<RemotingCommand?>(Contains(request)),
            _ => ValueTask.FromResult<RemotingCommand?>(RemotingCommand.CreateResponse(request,
                ResponseCode.RequestCodeNotSupported, $"request type {request.Code} not supported")),
        };

    private async ValueTask<RemotingCommand?> AppendAsync(RemotingCommand request, CancellationToken token)
    {
        if (request.Body.IsEmpty)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, "empty APPEND body");
        }

        var result = await log.AppendAsync(BenchCodes.RecordKind, request.Body, null, token).ConfigureAwait(false);
        var response = RemotingCommand.CreateResponse(request, BenchCodes.CodeOf(result.Status));
        if (result.IsCommitted)
        {
            response.SetExtField(F.Index, Text(result.Index));
            response.SetExtField(F.Ordinal, Text(result.Ordinal));
            return response;
        }

        // The driver follows these hints to the leader (as a producer follows a route update).
        var state = log.State;
        var leaderId = result.LeaderId ?? state.LeaderId;
        var leaderAddress = leaderId is not null && leaderId == state.LeaderId ? state.LeaderAddress : null;
        if (leaderId is not null)
        {
            response.SetExtField(F.LeaderId, leaderId);
        }

        if (leaderAddress is not null)
        {
            response.SetExtField(F.LeaderAddress, leaderAddress);
        }

        response.Remark = $"{result.Status} leader={leaderId ?? "unknown"} address={leaderAddress ?? "unknown"}";
        return response;
    }

    private RemotingCommand State(RemotingCommand request)
    {
        var state = log.State;
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.SetExtField(F.Self, log.SelfId);
        response.SetExtField(F.Role, state.Role.ToString());
        response.SetExtField(F.Term, Text(state.Term));
        response.SetExtField(F.Applied, Text(log.LastAppliedIndex));
        if (state.LeaderId is not null)
        {
            response.SetExtField(F.LeaderId, state.LeaderId);
        }

        if (state.LeaderAddress is not null)
        {
            response.SetExtField(F.LeaderAddress, state.LeaderAddress);
        }

        return response;
    }

    private RemotingCommand Digest(RemotingCommand request, bool? reached)
    {
        var digest = machine.Describe();
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.SetExtField(F.Self, log.SelfId);
        response.SetExtField(F.Records, Text(digest.Records));
        response.SetExtField(F.Bytes, Text(digest.Bytes));
        response.SetExtField(F.DistinctIds, Text(digest.DistinctIds));
        response.SetExtField(F.LastIndex, Text(digest.LastIndex));
        response.SetExtField(F.OrderDigest, digest.OrderDigest.ToString("x16", CultureInfo.InvariantCulture));
        if (reached is { } value)
        {
            response.SetExtField(F.Reached, value ? "true" : "false");
        }

        return response;
    }

    private async ValueTask<RemotingCommand?> AwaitAppliedAsync(RemotingCommand request, CancellationToken token)
    {
        var fields = new ExtFieldsReader(request.ExtFields);
        var index = fields.RequiredInt64(F.Index);
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(fields.RequiredInt64(F.TimeoutMs), 0,
            (long)MaxAwait.TotalMilliseconds));
        var reached = machine.WaitForAppliedAsync(index);
        try
        {
            await reached.WaitAsync(timeout, token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Answered below with reached=false and what was applied so far.
        }

        return Digest(request, reached.IsCompletedSuccessfully);
    }

    private RemotingCommand Contains(RemotingCommand request)
    {
        if (request.Body.Length % sizeof(long) != 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal,
                "CONTAINS body must be 8-byte ids");
        }

        var (count, missing, first) = machine.CountMissing(request.Body.Span);
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.SetExtField(F.Checked, Text(count));
        response.SetExtField(F.Missing, Text(missing));
        response.SetExtField(F.FirstMissing, Text(first));
        return response;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
