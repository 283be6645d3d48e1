namespace RocketMQ.Common.Protocol;

/// <summary>How a remoting header is serialized: the high byte of the header-length word.</summary>
public enum SerializeType : byte
{
    Json = 0,
    RocketMq = 1,
}
