using System.Buffers.Binary;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Common.Replication;
using RocketMQ.Remoting;
using RocketMQ.Remoting.Protocol;
using RocketMQ.Remoting.Transport;
using F = RocketMQ.DLedger.Bench.Protocol.BenchCodes.Fields;

namespace RocketMQ.DLedger.Bench.Protocol;

/// <summary>
/// Calls a bench node's requests (<see cref="BenchCodes"/>) over one <see cref="TcpRemotingClient"/> (one connection
/// per member, shared by every caller; ROCKETMQ binary headers). Transport failures become values, not exceptions,
/// except where noted.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class BenchClient : IAsyncDisposable
{
    /// <summary>Ids per CONTAINS request (512 KiB bodies, far under the 16 MiB frame limit).</summary>
    private const int IdsPerContains = 64 * 1024;

    private readonly TcpRemotingClient _client;

    /// <param name="appendTimeout">How long one APPEND may take before it counts as unanswered.</param>
    public BenchClient(TimeSpan appendTimeout)
    {
        AppendTimeout = appendTimeout;
        _client = new TcpRemotingClient(new RemotingOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }, null,
            NullLoggerFactory.Instance, TimeProvider.System);
    }

    public TimeSpan AppendTimeout { get; }

    /// <summary>Timeout of STATE and DIGEST (small: probes must not stall leader discovery).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Appends one record; never throws except <see cref="OperationCanceledException"/>.</summary>
    public async Task<AppendReply> AppendAsync(string address, ReadOnlyMemory<byte> payload, CancellationToken token)
    {
        var request = NewRequest(BenchCodes.Append);
        request.Body = payload;
        var (response, error) = await TryInvokeAsync(address, request, AppendTimeout, token).ConfigureAwait(false);
        if (response is null)
        {
            return AppendReply.NoAnswer(error!);
        }

        if (BenchCodes.StatusOf(response.Code) is not { } status)
        {
            return AppendReply.NoAnswer($"code {response.Code}: {response.Remark}");
        }

        var fields = new ExtFieldsReader(response.ExtFields);
        return status == AppendStatus.Committed
            ? new AppendReply(status, fields.RequiredInt64(F.Index), fields.RequiredInt32(F.Ordinal), null, null, null)
            : new AppendReply(status, 0, 0, fields.OptionalString(F.LeaderId), fields.OptionalString(F.LeaderAddress),
                response.Remark);
    }

    /// <summary>The member's STATE, or null when it does not answer within <see cref="ProbeTimeout"/>.</summary>
    public async Task<NodeState?> TryGetStateAsync(string address, CancellationToken token)
    {
        var (response, _) = await TryInvokeAsync(address, NewRequest(BenchCodes.State), ProbeTimeout, token)
            .ConfigureAwait(false);
        if (response?.Code != ResponseCode.Success)
        {
            return null;
        }

        var fields = new ExtFieldsReader(response.ExtFields);
        return new NodeState(address, fields.RequiredString(F.Self),
            Enum.Parse<ReplicaRole>(fields.RequiredString(F.Role)), fields.RequiredInt64(F.Term),
            fields.OptionalString(F.LeaderId), fields.OptionalString(F.LeaderAddress), fields.RequiredInt64(F.Applied));
    }

    /// <summary>The member's DIGEST.</summary>
    /// <exception cref="BenchException">No answer.</exception>
    public async Task<NodeDigest> GetDigestAsync(string address, CancellationToken token) =>
        ReadDigest(address, await InvokeAsync(address, NewRequest(BenchCodes.Digest), ProbeTimeout, token)
            .ConfigureAwait(false));

    /// <summary>Waits (on the member) until it applied entry <paramref name="index"/>, then returns its DIGEST;
    /// <see cref="NodeDigest.Reached"/> is false when <paramref name="timeout"/> ran out first.</summary>
    /// <exception cref="BenchException">No answer.</exception>
    public async Task<NodeDigest> AwaitAppliedAsync(string address, long index, TimeSpan timeout,
        CancellationToken token)
    {
        var request = NewRequest(BenchCodes.AwaitApplied);
        request.SetExtField(F.Index, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.SetExtField(F.TimeoutMs,
            ((long)timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await InvokeAsync(address, request, timeout + ProbeTimeout, token).ConfigureAwait(false);
        return ReadDigest(address, response);
    }

    /// <summary>How many of <paramref name="ids"/> the member never applied (in CONTAINS batches).</summary>
    /// <exception cref="BenchException">No answer.</exception>
    public async Task<long> CountMissingAsync(string address, IReadOnlyList<long> ids, CancellationToken token)
    {
        var missing = 0L;
        var body = new byte[Math.Min(ids.Count, IdsPerContains) * sizeof(long)];
        for (var start = 0; start < ids.Count; start += IdsPerContains)
        {
            var count = Math.Min(IdsPerContains, ids.Count - start);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(i * sizeof(long)), ids[start + i]);
            }

            var request = NewRequest(BenchCodes.Contains);
            request.Body = body.AsMemory(0, count * sizeof(long)).ToArray();
            var response = await InvokeAsync(address, request, TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
            missing += new ExtFieldsReader(response.ExtFields).RequiredInt64(F.Missing);
        }

        return missing;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static RemotingCommand NewRequest(int code)
    {
        var request = RemotingCommand.CreateRequest(code);
        request.SerializeType = SerializeType.RocketMq;
        return request;
    }

    private async Task<RemotingCommand> InvokeAsync(string address, RemotingCommand request, TimeSpan timeout,
        CancellationToken token)
    {
        var (response, error) = await TryInvokeAsync(address, request, timeout, token).ConfigureAwait(false);
        return response is { Code: ResponseCode.Success }
            ? response
            : throw new BenchException($"request {request.Code} to {address} failed: " +
                                       (error ?? $"code {response!.Code}: {response.Remark}"));
    }

    private async Task<(RemotingCommand? Response, string? Error)> TryInvokeAsync(string address,
        RemotingCommand request, TimeSpan timeout, CancellationToken token)
    {
        try
        {
            return (await _client.InvokeAsync(address, request, timeout, token).ConfigureAwait(false), null);
        }
        catch (RemotingConnectionException e)
        {
            return (null, e.Message);
        }
        catch (TimeoutException)
        {
            return (null, $"no answer within {timeout.TotalMilliseconds} ms");
        }
    }

    private static NodeDigest ReadDigest(string address, RemotingCommand response)
    {
        var fields = new ExtFieldsReader(response.ExtFields);
        return new NodeDigest(address, fields.RequiredString(F.Self), fields.RequiredInt64(F.Records),
            fields.RequiredInt64(F.Bytes), fields.RequiredInt64(F.DistinctIds), fields.RequiredInt64(F.LastIndex),
            fields.RequiredString(F.OrderDigest), fields.OptionalBoolean(F.Reached));
    }
}

/// <summary>A bench request got no usable answer; the message says which and why.</summary>
public sealed class BenchException(string message) : Exception(message);
