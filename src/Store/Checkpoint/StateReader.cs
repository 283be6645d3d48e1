using System.Buffers.Binary;
using System.Text;

namespace RocketMQ.Store.Checkpoint;

/// <summary>
/// Reads what <see cref="StateWriter"/> wrote. Every read checks the remaining length first and throws
/// <see cref="InvalidDataException"/> on a short or inconsistent input, so a damaged file is reported, never
/// half-trusted.
/// </summary>
public ref struct StateReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;

    public StateReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _position = 0;
    }

    public readonly int Remaining => _source.Length - _position;

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public bool ReadBoolean() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw new InvalidDataException($"{other} is not a boolean"),
    };

    public string? ReadString()
    {
        var length = ReadInt32();
        return length == -1 ? null : Encoding.UTF8.GetString(Take(CheckLength(length)));
    }

    /// <summary>Reads a string that must be present.</summary>
    public string ReadRequiredString() => ReadString() ?? throw new InvalidDataException("a required string is null");

    public ReadOnlySpan<byte> ReadBytes() => Take(CheckLength(ReadInt32()));

    /// <summary>Reads a count of following items, each at least <paramref name="minItemBytes"/> long.</summary>
    public int ReadCount(int minItemBytes)
    {
        var count = ReadInt32();
        if (count < 0 || (long)count * Math.Max(1, minItemBytes) > Remaining)
        {
            throw new InvalidDataException($"count {count} does not fit the {Remaining} bytes left");
        }

        return count;
    }

    /// <summary>Throws unless everything was read.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new InvalidDataException($"{Remaining} unexpected trailing bytes");
        }
    }

    private readonly int CheckLength(int length) =>
        length < 0 || length > Remaining
            ? throw new InvalidDataException($"length {length} does not fit the {Remaining} bytes left")
            : length;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new InvalidDataException($"needs {count} bytes, {Remaining} left");
        }

        var slice = _source.Slice(_position, count);
        _position += count;
        return slice;
    }
}
