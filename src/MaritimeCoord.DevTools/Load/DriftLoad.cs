using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.DevTools.Load;

/// <summary>
/// `mcoord load drift`: the drift-run figure through the API. Makes a gridded forcing file (ncgen), uploads it as an
/// administrator, opens an incident with a sighting, posts a run on the file as the coordinating centre's operator and
/// polls it to completion; then fetches the last hour's particles, grid and containment (drawable) and reports times.
/// </summary>
public static class DriftLoad
{
    public sealed record Options(Uri Server, string SigningKey, int Particles, int Hours, int StepMinutes, int Repeats, TextWriter Out);

    private const string Centre = "BASARNAS-IDN";

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = o.Server, Timeout = TimeSpan.FromMinutes(10) };
        HttpRequestMessage As(HttpMethod method, string url, string role, string? centre)
        {
            var m = new HttpRequestMessage(method, url);
            m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentTokenIssuer.Issue(o.SigningKey, role, centre, $"load-drift-{role}"));
            return m;
        }

        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var bytes = SyntheticForcing.Compile(SyntheticForcing.Cdl(-14, 106, -4, 120, 0.1, start, o.Hours + 30));
        o.Out.WriteLine($"load drift: forcing file {bytes.Length / 1048576.0:F1} MiB (0.1° grid, hourly, wind + current) made by ncgen in {clock.Elapsed.TotalSeconds:F1} s");

        var upload = As(HttpMethod.Post, "/api/forcing?name=load-drift.nc", MaritimeRoles.Admin, null);
        upload.Content = new ByteArrayContent(bytes);
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-netcdf");
        clock.Restart();
        var uploaded = await http.SendAsync(upload, ct);
        if (!uploaded.IsSuccessStatusCode) { o.Out.WriteLine($"upload failed: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync(ct)}"); return 1; }
        var fileId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        o.Out.WriteLine($"load drift: uploaded in {clock.Elapsed.TotalSeconds:F1} s ({(int)uploaded.StatusCode})");

        var sighting = As(HttpMethod.Post, "/api/sightings", MaritimeRoles.Liaison, Centre);
        var lat = -9.0 - Random.Shared.NextDouble();
        var lon = 110.0 + 3 * Random.Shared.NextDouble();
        sighting.Content = JsonContent.Create(new
        {
            observedAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-30)), latitude = lat, longitude = lon, boatDescription = "load drift",
            personsOnBoard = 20, condition = "disabled", reporter = "mcoord load drift",
        });
        var sighted = await http.SendAsync(sighting, ct);
        if (!sighted.IsSuccessStatusCode) { o.Out.WriteLine($"sighting failed: {(int)sighted.StatusCode} {await sighted.Content.ReadAsStringAsync(ct)}"); return 1; }
        var incident = (await sighted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("incidentId").GetGuid();

        var totals = new List<double>();
        for (int r = 0; r < o.Repeats; r++)
        {
            var post = As(HttpMethod.Post, $"/api/incidents/{incident}/drift-runs", MaritimeRoles.Operator, Centre);
            post.Content = JsonContent.Create(new JsonObject
            {
                ["objectClass"] = "SKIFF-2",
                ["seeding"] = new JsonObject { ["kind"] = "point", ["latitude"] = lat, ["longitude"] = lon, ["radiusMetres"] = 1852, ["time"] = Iso(DateTimeOffset.UtcNow.AddMinutes(-30)) },
                ["forcing"] = new JsonObject { ["fileId"] = fileId.ToString() },
                ["hours"] = o.Hours, ["particles"] = o.Particles, ["stepMinutes"] = o.StepMinutes, ["seed"] = r + 1,
            });
            clock.Restart();
            var accepted = await http.SendAsync(post, ct);
            if (accepted.StatusCode != HttpStatusCode.Accepted) { o.Out.WriteLine($"run refused: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(ct)}"); return 1; }
            var location = accepted.Headers.Location!.OriginalString;
            var acceptedMs = clock.Elapsed.TotalMilliseconds;
            JsonElement run;
            while (true)
            {
                var poll = await http.SendAsync(As(HttpMethod.Get, location, MaritimeRoles.Operator, Centre), ct);
                run = (await poll.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("run");
                var status = run.GetProperty("status").GetString();
                if (status is "succeeded" or "failed") break;
                await Task.Delay(50, ct);
            }
            var doneMs = clock.Elapsed.TotalMilliseconds;
            if (run.GetProperty("status").GetString() != "succeeded") { o.Out.WriteLine($"run failed: {run.GetProperty("error")}"); return 1; }
            long particleBytes = 0;
            foreach (var part in new[] { "particles", "grid", "containment" })
            {
                var get = await http.SendAsync(As(HttpMethod.Get, $"{location}/{part}?hour={o.Hours}", MaritimeRoles.Operator, Centre), ct);
                get.EnsureSuccessStatusCode();
                var body = await get.Content.ReadAsByteArrayAsync(ct);
                if (part == "particles") particleBytes = body.Length;
            }
            var drawableMs = clock.Elapsed.TotalMilliseconds;
            var started = run.GetProperty("startedAt").GetDateTimeOffset();
            var finished = run.GetProperty("finishedAt").GetDateTimeOffset();
            var created = run.GetProperty("createdAt").GetDateTimeOffset();
            totals.Add(drawableMs / 1000);
            o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: {o.Particles:N0} particles × {o.Hours} h at {o.StepMinutes} min: POST→202 {acceptedMs:F0} ms; queued {(started - created).TotalSeconds:F2} s; " +
                $"job {(finished - started).TotalSeconds:F2} s; POST→succeeded seen {doneMs / 1000:F2} s; + last hour's particles ({particleBytes / 1048576.0:F1} MiB GeoJSON), grid, containment → drawable {drawableMs / 1000:F2} s"));
        }
        o.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load drift: POST → drawable median {totals.Order().ElementAt(totals.Count / 2):F2} s, max {totals.Max():F2} s over {totals.Count} run(s)"));
        return 0;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
