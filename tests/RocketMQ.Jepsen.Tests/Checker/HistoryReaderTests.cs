using RocketMQ.Jepsen.Checker;

namespace RocketMQ.Jepsen.Tests.Checker;

/// <summary>history.jsonl as FORMATS.md defines it: every field parsed, bad lines named by number.</summary>
public sealed class HistoryReaderTests
{
    [Fact]
    public void Lines_of_each_function_parse_into_operations()
    {
        const string history = """
            {"t": 1.25, "process": 0, "type": "invoke", "f": "send", "queue": 2, "value": 17, "node": "n0"}
            {"t": 3.5, "process": 0, "type": "ok", "f": "send", "queue": 2, "value": 17, "offset": 4, "node": "n0"}

            {"t": 4, "process": 1000, "type": "ok", "f": "poll", "queue": 2, "reads": [[4, 17], [5, 18]]}
            {"t": 5, "process": 1000, "type": "info", "f": "poll", "queue": 2, "error": "timeout", "extra": true}
            {"t": 6, "process": 2000, "type": "ok", "f": "drain", "queue": 2, "offset": 6}
            """;

        var operations = HistoryReader.Read(new StringReader(history)).ToList();

        Assert.Equal(5, operations.Count);
        Assert.Equal(new Operation(1.25, 0, OperationType.Invoke, OperationFunction.Send, 2, 17, Node: "n0"),
            operations[0]);
        Assert.Equal((OperationType.Ok, 4L), (operations[1].Type, operations[1].Offset));
        Assert.Equal([new ReadEntry(4, 17), new ReadEntry(5, 18)], operations[2].Reads!);
        Assert.Equal(("timeout", OperationType.Info), (operations[3].Error, operations[3].Type));
        Assert.Equal((OperationFunction.Drain, 6L), (operations[4].Function, operations[4].Offset));
    }

    [Theory]
    [InlineData("{\"t\": 1, \"process\": 0, \"type\": \"ok\", \"f\": \"send\", \"queue\": 0", "not a JSON")]
    [InlineData("{\"process\": 0, \"type\": \"ok\", \"f\": \"send\", \"queue\": 0, \"value\": 1}", "'t'")]
    [InlineData("{\"t\": 1, \"process\": 0, \"type\": \"done\", \"f\": \"send\", \"queue\": 0}", "type 'done'")]
    [InlineData("{\"t\": 1, \"process\": 0, \"type\": \"ok\", \"f\": \"scan\", \"queue\": 0}", "f 'scan'")]
    [InlineData("{\"t\": 1, \"process\": 0, \"type\": \"ok\", \"f\": \"send\", \"queue\": 0}", "'value'")]
    [InlineData("{\"t\": 1, \"process\": 0, \"type\": \"ok\", \"f\": \"poll\", \"value\": 1}", "'queue'")]
    [InlineData("{\"t\": 1, \"process\": 9, \"type\": \"ok\", \"f\": \"poll\", \"queue\": 0, \"reads\": [[1]]}",
        "reads[0]")]
    [InlineData("{\"t\": 1, \"process\": 9, \"type\": \"ok\", \"f\": \"drain\", \"queue\": 0}", "'offset'")]
    [InlineData("{\"t\": \"soon\", \"process\": 0, \"type\": \"ok\", \"f\": \"send\"}", "not a JSON")]
    [InlineData("null", "null")]
    public void A_malformed_line_is_named_by_its_number(string badLine, string problem)
    {
        var history = "{\"t\": 1, \"process\": 0, \"type\": \"invoke\", \"f\": \"send\", \"queue\": 0, \"value\": 1}"
            + "\n\n" + badLine + "\n";

        var error = Assert.Throws<HistoryFormatException>(() => HistoryReader.Read(new StringReader(history))
            .ToList());

        Assert.Equal(3, error.LineNumber);
        Assert.StartsWith("history line 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_operations_read_back_unchanged()
    {
        Operation[] operations =
        [
            new(0.001, 3, OperationType.Invoke, OperationFunction.Send, 1, long.MaxValue, Node: "n2"),
            new(2.5, 3, OperationType.Fail, OperationFunction.Send, 1, long.MaxValue, Error: "CODE 2: busy"),
            new(3, 1001, OperationType.Invoke, OperationFunction.Poll, 0, Offset: 12),
            new(4, 1001, OperationType.Ok, OperationFunction.Poll, 0, Reads: [new ReadEntry(12, -7)]),
            new(5, 2000, OperationType.Ok, OperationFunction.Drain, 0, Offset: 13),
        ];
        var text = new StringWriter();
        foreach (var operation in operations)
        {
            HistoryWriter.Write(text, operation);
        }

        var read = HistoryReader.Read(new StringReader(text.ToString())).ToList();

        Assert.Equal(operations.Length, read.Count);
        for (var i = 0; i < operations.Length; i++)
        {
            Assert.Equal(operations[i] with { Reads = null }, read[i] with { Reads = null });
            Assert.Equal(operations[i].Reads ?? [], read[i].Reads ?? []);
        }
    }

    [Fact]
    public void A_history_file_is_checked_end_to_end()
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var file = new StreamWriter(path))
            {
                foreach (var operation in new HistoryBuilder().Send(0, 0, 1, 0).Poll(1000, 0, 0, (0, 1))
                             .Drained(2000, 0, 1).Operations)
                {
                    HistoryWriter.Write(file, operation);
                }
            }

            var result = HistoryChecker.CheckFile(path);

            Assert.True(result.Valid);
            Assert.Equal(1, result.Counts.Read);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
