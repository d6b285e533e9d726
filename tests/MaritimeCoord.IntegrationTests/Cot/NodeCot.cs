using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace MaritimeCoord.IntegrationTests.Cot;

/// <summary>
/// The independent CoT peer: tests/cot-harness/harness.mjs on @tak-ps/node-cot (installed by ops/web-deps.sh), run as
/// a child process. A receiver prints one JSON line per event node-cot parsed (schema-checked) or refused.
/// </summary>
public sealed class NodeCot : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<JsonElement> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private NodeCot(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith('{'))
            {
                var json = JsonDocument.Parse(e.Data).RootElement.Clone();
                lock (_events) _events.Add(json);
                _arrived.Release();
            }
            else _lines.Writer.TryWrite(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Errors) Errors.Add(e.Data); };
    }

    public List<string> Errors { get; } = [];
    public int Port { get; private set; }

    public static string HarnessDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "cot-harness");
                if (File.Exists(Path.Combine(candidate, "harness.mjs"))) return candidate;
            }
            throw new InvalidOperationException("tests/cot-harness not found above the test binaries.");
        }
    }

    private static Process StartNode(params string[] args)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = HarnessDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("harness.mjs");
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("node did not start");
    }

    /// <summary>Starts a receiver and waits until it listens.</summary>
    public static async Task<NodeCot> ReceiveAsync(params string[] args)
    {
        var node = new NodeCot(StartNode(["receive", .. args]));
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string line;
            try
            {
                line = await node._lines.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("node-cot receiver did not start: " + string.Join('\n', node.Errors));
            }
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                node.Port = int.Parse(line["LISTENING ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                return node;
            }
        }
    }

    /// <summary>Builds each line's GeoJSON feature into an event with node-cot (or sends {"raw":…} as is) on one connection.</summary>
    public static async Task<string> SendAsync(string transport, int port, IEnumerable<object> items, params string[] extra)
    {
        using var process = StartNode(["send", transport, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra]);
        foreach (var item in items) await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(item));
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + errors;
    }

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    /// <summary>Waits (on each arrival, never on a clock) until an event matches.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var e in Events)
                if (e.TryGetProperty("ok", out _) && match(e)) return e;
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"node-cot never received {what}; it received {Events.Count} lines, the last: " +
                                           string.Join("\n", Events.TakeLast(5)) + "\n" + string.Join('\n', Errors.TakeLast(5)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _arrived.Dispose();
    }
}
