namespace RocketMQ.Common.Protocol;

/// <summary>
/// The client language in a remoting header. The numeric values are the byte the ROCKETMQ binary header
/// carries; JSON headers carry the name in upper case (e.g. <c>"JAVA"</c>, <c>"DOTNET"</c>).
/// </summary>
public enum LanguageCode : byte
{
    Java = 0,
    Cpp = 1,
    DotNet = 2,
    Python = 3,
    Delphi = 4,
    Erlang = 5,
    Ruby = 6,
    Other = 7,
    Http = 8,
    Go = 9,
    Php = 10,
    Oms = 11,
    Rust = 12,
}
