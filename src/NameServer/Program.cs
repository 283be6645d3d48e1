namespace RocketMQ.NameServer;

internal static class Program
{
    public static int Main() => 0;
}
