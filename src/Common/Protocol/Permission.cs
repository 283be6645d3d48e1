namespace RocketMQ.Common.Protocol;

/// <summary>Topic and broker permission bits as RocketMQ's PermName defines them.</summary>
[Flags]
public enum Permission
{
    None = 0,
    Inherit = 1,
    Write = 2,
    Read = 4,
    ReadWrite = Read | Write,
}
