using RocketMQ.Common.Protocol;

namespace RocketMQ.Remoting.Protocol;

/// <summary>
/// One RocketMQ remoting frame: a request, a response or a oneway request, with its header fields, the
/// string map that carries the typed custom header (<see cref="ExtFields"/>) and the body.
/// </summary>
/// <remarks>
/// Not thread-safe: a command is built by one party and then handed over. <see cref="SerializeType"/> records
/// how the command was (or will be) serialized; a response must be written in its request's serialization
/// because some clients (ali-ons) can only read the one they sent.
/// </remarks>
public sealed class RemotingCommand
{
    /// <summary>The version our side stamps on commands it creates (RocketMQ 4.9.x Version ordinal range).</summary>
    public const int CurrentVersion = RemotingVersion.Current;

    private const int ResponseFlagBit = 1 << 0;
    private const int OnewayFlagBit = 1 << 1;

    private static int s_nextOpaque;

    /// <summary>Request code for requests, response code for responses.</summary>
    public int Code { get; set; }

    public LanguageCode Language { get; set; } = LanguageCode.DotNet;

    public int Version { get; set; } = CurrentVersion;

    /// <summary>The request id; a response echoes its request's opaque.</summary>
    public int Opaque { get; set; }

    /// <summary>Bit 0: response; bit 1: oneway request.</summary>
    public int Flag { get; set; }

    /// <summary>Free text, used by responses to explain an error. Null when absent.</summary>
    public string? Remark { get; set; }

    /// <summary>The custom header as string pairs; null when the frame carried none.</summary>
    public Dictionary<string, string>? ExtFields { get; set; }

    /// <summary>The body; empty when absent. Owned by the command once assigned.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public SerializeType SerializeType { get; set; } = SerializeType.Json;

    public bool IsResponse => (Flag & ResponseFlagBit) != 0;

    public bool IsOneway => (Flag & OnewayFlagBit) != 0;

    /// <summary>Creates a request with a fresh opaque and the given custom header (may be null).</summary>
    public static RemotingCommand CreateRequest(int code, ICommandHeader? header = null)
    {
        var command = new RemotingCommand { Code = code, Opaque = NextOpaque() };
        if (header is not null)
        {
            command.ExtFields = new Dictionary<string, string>(StringComparer.Ordinal);
            header.WriteTo(command.ExtFields);
        }

        return command;
    }

    /// <summary>Creates a response to <paramref name="request"/>: same opaque, same serialization.</summary>
    public static RemotingCommand CreateResponse(RemotingCommand request, int code, string? remark = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RemotingCommand
        {
            Code = code,
            Opaque = request.Opaque,
            Flag = ResponseFlagBit,
            Remark = remark,
            SerializeType = request.SerializeType,
        };
    }

    /// <summary>Creates a response carrying the given custom header.</summary>
    public static RemotingCommand CreateResponse(
        RemotingCommand request, int code, ICommandHeader header, string? remark = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var response = CreateResponse(request, code, remark);
        response.ExtFields = new Dictionary<string, string>(StringComparer.Ordinal);
        header.WriteTo(response.ExtFields);
        return response;
    }

    /// <summary>Decodes the typed custom header; throws <see cref="RemotingCommandException"/> naming a
    /// missing or malformed field.</summary>
    public T DecodeHeader<T>() where T : ICommandHeader<T> => T.ReadFrom(new ExtFieldsReader(ExtFields));

    /// <summary>Returns an ext field or null.</summary>
    public string? GetExtField(string name) =>
        ExtFields is not null && ExtFields.TryGetValue(name, out var value) ? value : null;

    /// <summary>Sets an ext field, creating the map on first use.</summary>
    public void SetExtField(string name, string value)
    {
        ExtFields ??= new Dictionary<string, string>(StringComparer.Ordinal);
        ExtFields[name] = value;
    }

    public void MarkResponse() => Flag |= ResponseFlagBit;

    public void MarkOneway() => Flag |= OnewayFlagBit;

    public static int NextOpaque() => Interlocked.Increment(ref s_nextOpaque);

    public override string ToString() =>
        $"RemotingCommand [code={Code}, language={Language}, version={Version}, opaque={Opaque}, flag(B)=" +
        $"{Convert.ToString(Flag, 2)}, remark={Remark}, extFields={ExtFields?.Count ?? 0}, body={Body.Length}B, " +
        $"serializeType={SerializeType}]";
}
