using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RocketMQ.Common.Protocol;
using RocketMQ.Remoting.Protocol;

namespace RocketMQ.Remoting.Dispatch;

/// <summary>
/// Routes a request to the processor registered for its code and turns every failure into a response:
/// an unknown code is answered REQUEST_CODE_NOT_SUPPORTED, a bad custom header or a processor exception
/// SYSTEM_ERROR with a remark. A oneway request never produces a response.
/// </summary>
/// <remarks>Register processors before the first request arrives; dispatching is then safe from any thread.</remarks>
public sealed class RequestDispatcher
{
    private readonly Dictionary<int, IRequestProcessor> _processors = [];
    private readonly ILogger _logger;

    public RequestDispatcher(ILoggerFactory? loggerFactory = null) =>
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RequestDispatcher>();

    /// <summary>Handles codes that have no registered processor; null answers them not-supported.</summary>
    public IRequestProcessor? DefaultProcessor { get; set; }

    /// <summary>Registers <paramref name="processor"/> for <paramref name="requestCode"/>, replacing any
    /// previous one.</summary>
    public RequestDispatcher Register(int requestCode, IRequestProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        _processors[requestCode] = processor;
        return this;
    }

    /// <summary>Registers one processor for several codes.</summary>
    public RequestDispatcher Register(IRequestProcessor processor, params int[] requestCodes)
    {
        foreach (var code in requestCodes)
        {
            Register(code, processor);
        }

        return this;
    }

    /// <summary>
    /// Runs the processor for <paramref name="request"/>. Returns the response to write now, or null when there
    /// is none (oneway request, deferred response, or the channel closed while processing).
    /// </summary>
    public async ValueTask<RemotingCommand?> DispatchAsync(
        RemotingCommand request, IRemotingChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_processors.TryGetValue(request.Code, out var processor) && (processor = DefaultProcessor) is null)
        {
            TransportLog.RequestCodeNotSupported(_logger, request.Code, channel.RemoteAddress);
            return Answer(request, ResponseCode.RequestCodeNotSupported,
                $"request type {request.Code} not supported");
        }

        try
        {
            var response = await processor.ProcessAsync(request, channel, cancellationToken).ConfigureAwait(false);
            return request.IsOneway ? null : response;
        }
        catch (RemotingCommandException e)
        {
            return Answer(request, ResponseCode.SystemError, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A processor failure must become a SYSTEM_ERROR answer, whatever it is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            TransportLog.ProcessorFailed(_logger, e, request.Code, channel.RemoteAddress);
            return Answer(request, ResponseCode.SystemError, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static RemotingCommand? Answer(RemotingCommand request, int code, string remark) =>
        request.IsOneway ? null : RemotingCommand.CreateResponse(request, code, remark);
}
