using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MaritimeCoord.IntegrationTests.Infrastructure;

public static class Sightings
{
    public static string Now(double minutesAgo = 1) =>
        DateTimeOffset.UtcNow.AddMinutes(-minutesAgo).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A valid sighting south of Bali (Indonesian SRR of the samples) unless fields are overridden.</summary>
    public static JsonObject Valid(Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["observedAt"] = Now(),
            ["positionText"] = "08°12.5'S 114°30.2'E",
            ["boatDescription"] = "Wooden boat, blue hull, about 12 m",
            ["personsOnBoard"] = 40,
            ["condition"] = "overloaded",
            ["reporter"] = "Test liaison officer",
        };
        change?.Invoke(body);
        return body;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sightings") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }
}
