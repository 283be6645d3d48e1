using System.Globalization;

namespace RocketMQ.Remoting.Protocol;

/// <summary>Formats typed values the way Java's header codec writes them into ext fields.</summary>
public static class ExtFieldsWriter
{
    public static void Put(this IDictionary<string, string> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }

    public static void Put(this IDictionary<string, string> fields, string name, int value) =>
        fields[name] = value.ToString(CultureInfo.InvariantCulture);

    public static void Put(this IDictionary<string, string> fields, string name, long value) =>
        fields[name] = value.ToString(CultureInfo.InvariantCulture);

    public static void Put(this IDictionary<string, string> fields, string name, bool value) =>
        fields[name] = value ? "true" : "false";

    public static void Put(this IDictionary<string, string> fields, string name, int? value)
    {
        if (value is { } v)
        {
            fields.Put(name, v);
        }
    }

    public static void Put(this IDictionary<string, string> fields, string name, long? value)
    {
        if (value is { } v)
        {
            fields.Put(name, v);
        }
    }

    public static void Put(this IDictionary<string, string> fields, string name, bool? value)
    {
        if (value is { } v)
        {
            fields.Put(name, v);
        }
    }
}
