using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MaritimeCoord.Cli.Feeds;

/// <summary>
/// Plays a file of sightings against the API as liaison officers would: each post carries an Idempotency-Key and is
/// retried with the same key until it is acknowledged, so a dropped link never duplicates or loses a sighting.
/// Lines are JSON objects with the API's fields plus <c>minutesAgo</c> (observed time relative to now).
/// </summary>
public sealed class SightingFeed(HttpClient http, TextWriter output, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public async Task<int> RunAsync(string file, TimeSpan interval, bool loop, CancellationToken ct)
    {
        var lines = (await File.ReadAllLinesAsync(file, ct)).Where(l => l.TrimStart().StartsWith('{')).ToList();
        if (lines.Count == 0) throw new InvalidOperationException($"{file} holds no sightings.");
        var posted = 0;
        for (var round = 0; ; round++)
        {
            foreach (var line in lines)
            {
                var body = BuildBody(line, round, DateTimeOffset.UtcNow);
                var key = Guid.NewGuid().ToString("N");
                var response = await PostWithRetryAsync(body, key, ct);
                posted++;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow:HH:mm:ss} sighting {posted}: {(int)response.StatusCode} {Summarise(response.Body)}"));
                await Task.Delay(interval, ct);
            }
            if (!loop) return posted;
        }
    }

    // Each round drifts the boats a little to the west-north-west, as a sea would, so the map visibly moves.
    internal static JsonObject BuildBody(string line, int round, DateTimeOffset now)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        var minutesAgo = node["minutesAgo"]?.GetValue<double>() ?? 0;
        node.Remove("minutesAgo");
        node["observedAt"] = (now - TimeSpan.FromMinutes(minutesAgo)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (round > 0 && node["latitude"] is not null && node["longitude"] is not null)
        {
            node["latitude"] = Math.Round(node["latitude"]!.GetValue<double>() + 0.01 * round, 5);
            node["longitude"] = Math.Round(node["longitude"]!.GetValue<double>() - 0.02 * round, 5);
        }
        return node;
    }

    private async Task<(System.Net.HttpStatusCode StatusCode, string Body)> PostWithRetryAsync(JsonObject body, string key, CancellationToken ct)
    {
        var retry = FeedBackoff.Forever(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), clock,
            retryOn: e => e is HttpRequestException or RetryableAnswer,
            onRetry: async args =>
            {
                var why = args.Outcome.Exception is RetryableAnswer answer ? $"server answered {(int)answer.StatusCode}" : $"link down ({args.Outcome.Exception?.Message})";
                await output.WriteLineAsync($"{why}; retrying with the same key in {args.RetryDelay.TotalSeconds:0}s");
            });
        return await retry.ExecuteAsync(async t =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sightings") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request, t);
            var text = await response.Content.ReadAsStringAsync(t);
            // 4xx other than 408/429 will not get better by retrying: report and move on.
            if ((int)response.StatusCode < 500 && response.StatusCode is not System.Net.HttpStatusCode.RequestTimeout and not System.Net.HttpStatusCode.TooManyRequests)
                return (response.StatusCode, text);
            throw new RetryableAnswer(response.StatusCode);
        }, ct);
    }

    /// <summary>An answer that may get better with the same request later (5xx, 408, 429).</summary>
    private sealed class RetryableAnswer(System.Net.HttpStatusCode status) : Exception($"server answered {(int)status}")
    {
        public System.Net.HttpStatusCode StatusCode { get; } = status;
    }

    private static string Summarise(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.TryGetProperty("incidentReference", out var reference))
                return $"{reference.GetString()} ({(root.GetProperty("incidentOpened").GetBoolean() ? "opened" : "attached")}) " +
                       $"{root.GetProperty("position").GetProperty("degreesDecimalMinutes").GetString()} → {root.GetProperty("coordinatingCentreCode").GetString()}";
            return root.TryGetProperty("title", out var title) ? title.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    public static HttpClient CreateClient(Uri baseUrl, string token) => new()
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(15),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
