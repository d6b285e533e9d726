using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.FaultTests;

/// <summary>One sighting as a liaison officer's laptop would send it, with its own Idempotency-Key.</summary>
public sealed record Post(string Key, string Body);

public sealed record Answer(Post Post, int Status, Guid? Id, string? Error);

public static class Faults
{
    public static string NewSigningKey() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public static string LiaisonToken(string signingKey, string subject) =>
        DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Liaison, "BASARNAS-IDN", subject);

    /// <summary>Spread over the Indonesian and Australian sample regions, so sightings open several incidents.</summary>
    public static Post NewPost(Random random, string tag)
    {
        var lat = -5 - random.NextDouble() * 15;
        var lon = 105 + random.NextDouble() * 20;
        var observed = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 120)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = $$"""
            {"observedAt":"{{observed}}","latitude":{{lat.ToString("F5", CultureInfo.InvariantCulture)}},"longitude":{{lon.ToString("F5", CultureInfo.InvariantCulture)}},
             "boatDescription":"fault test {{tag}}","personsOnBoard":{{random.Next(1, 200)}},"condition":"overloaded","reporter":"fault test"}
            """;
        return new Post($"{tag}-{Guid.NewGuid():N}", body);
    }

    public static HttpClient Client(Uri url, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(20),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task<Answer> SendAsync(HttpClient http, Post post)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/sightings") { Content = new StringContent(post.Body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", post.Key);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Guid? id = response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                ? JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid()
                : null;
            return new Answer(post, (int)response.StatusCode, id, null);
        }
        // A server killed mid-connect can also surface as a bare SocketException (the handler reading the remote end point
        // of a socket already reset): the same "no answer" as the others.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            return new Answer(post, 0, null, e.GetType().Name);
        }
    }

    /// <summary>Retries every post that was not acknowledged, with its original key, until each is (201, or 200 replayed).</summary>
    public static async Task<List<Answer>> RetryUntilAcknowledgedAsync(HttpClient http, IEnumerable<Post> posts, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var answers = new ConcurrentBag<Answer>();
        await Parallel.ForEachAsync(posts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (post, ct) =>
        {
            while (true)
            {
                var answer = await SendAsync(http, post);
                if (answer.Status is 200 or 201 || DateTime.UtcNow > deadline) { answers.Add(answer); return; }
                await Task.Delay(200, ct);
            }
        });
        return [.. answers];
    }

    public static string Histogram(IEnumerable<Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status == 0 ? a.Error ?? "error" : a.Status.ToString(CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
}
