using System.CommandLine;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.DevTools.Load;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.DevTools.Commands;

/// <summary>
/// `mcoord load seed-responders | responders | clean-responders`: the nearest-responders figure of issue 4
/// (200,000 vessels' latest positions, 2,000 assets, p99 at 200 requests/s through HTTP and the query alone).
/// Added to the `load` group of <see cref="LoadCommands"/> by <see cref="AddTo"/>.
/// </summary>
internal static class ResponderLoadCommands
{
    public static Command AddTo(Command load)
    {
        load.Subcommands.Add(Seed());
        load.Subcommands.Add(Run());
        load.Subcommands.Add(Clean());
        return load;
    }

    private static Command Seed()
    {
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the server's database", Required = true };
        var vessels = new Option<int>("--vessels") { Description = "Synthetic vessels (latest states)", DefaultValueFactory = _ => 200_000 };
        var assets = new Option<int>("--assets") { Description = "Synthetic response assets", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same fleet)", DefaultValueFactory = _ => 20261128 };
        var geo = new Option<string?>("--geo") { Description = "samples/geo folder (land mask, ports); default: found from the working directory" };

        var command = new Command("seed-responders",
            "Replace the synthetic vessel_states/vessels (MMSI 990000000..990999999) and response_assets (SYN-…) by binary COPY, then ANALYZE")
            { connection, vessels, assets, seed, geo };
        command.SetAction(async (parse, ct) =>
        {
            int v = parse.GetValue(vessels), a = parse.GetValue(assets);
            if (v is < 0 or > SyntheticFleet.LastMmsi - SyntheticFleet.FirstMmsi + 1 || a is < 0 or > 9_999)
            {
                Console.Error.WriteLine("--vessels must be 0..1,000,000 and --assets 0..9,999.");
                return 2;
            }
            await ResponderSeed.RunAsync(new ResponderSeed.Options(parse.GetValue(connection)!, v, a, parse.GetValue(seed),
                parse.GetValue(geo) ?? SyntheticFleet.FindGeoFolder(), Console.Out), ct);
            return 0;
        });
        return command;
    }

    private static Command Run()
    {
        var url = new Option<string>("--url") { Description = "Server base URL, e.g. http://127.0.0.1:5080", Required = true };
        var token = new Option<string?>("--token") { Description = "Token for GET …/responders (operator or admin); default: admin tokens signed with --key, one user per 40 requests/s" };
        var liaison = new Option<string?>("--liaison-token") { Description = "Token for POST /api/sightings; default: a liaison token (BASARNAS-IDN) signed with --key, else --token" };
        var key = new Option<string?>("--key") { Description = "Signing key to issue the tokens (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };
        var rate = new Option<double>("--rate") { Description = "Requests per second (constant, open loop)", DefaultValueFactory = _ => 200 };
        var duration = new Option<double>("--duration") { Description = "Seconds measured", DefaultValueFactory = _ => 60 };
        var incidents = new Option<int>("--incidents") { Description = "Incidents opened at random sea positions (requests cycle through them)", DefaultValueFactory = _ => 50 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds at the same rate before measuring (not recorded)", DefaultValueFactory = _ => 5 };
        var connection = new Option<string?>("--connection") { Description = "Npgsql connection string: measure the query alone (same SQL + ranking, sequential) and reuse incidents of earlier runs" };
        var queries = new Option<int>("--query-iterations") { Description = "Sequential runs of the query alone", DefaultValueFactory = _ => 2_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the incident positions", DefaultValueFactory = _ => 4 };

        var command = new Command("responders",
            "Open incidents, then GET /api/incidents/{id}/responders at a constant open-loop rate; latency percentiles through HTTP and of the query alone")
            { url, token, liaison, key, rate, duration, incidents, warmup, connection, queries, seed };
        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine("--url must be an absolute http(s) URL.");
                return 2;
            }
            var signingKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");
            // The server limits each user (token subject) to a sustained rate (Security:RateLimiting, 60/s by default), as
            // for a console: a load of many operators is spread over one admin token per 40 requests/s.
            int users = Math.Max(1, (int)Math.Ceiling(parse.GetValue(rate) / 40));
            IReadOnlyList<string>? read = parse.GetValue(token) is { } given ? [given]
                : string.IsNullOrWhiteSpace(signingKey) ? null
                : [.. Enumerable.Range(1, users).Select(u => DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Admin, null,
                    $"load-{u}@responders", $"Responders load test {u}"))];
            var post = parse.GetValue(liaison) ?? (string.IsNullOrWhiteSpace(signingKey) ? read?[0]
                : DevelopmentTokenIssuer.Issue(signingKey, MaritimeRoles.Liaison, "BASARNAS-IDN", "load-liaison@responders", "Responders load test"));
            if (read is null || post is null)
            {
                Console.Error.WriteLine("No token: pass --token (and --liaison-token), or --key / Auth__SigningKey to issue them.");
                return 2;
            }
            if (read.Count == 1 && parse.GetValue(rate) > 60)
                Console.Error.WriteLine("warning: one token above 60 requests/s may be throttled (429) by the server's per-user rate limit; pass --key to spread the load over several users.");
            if (!(parse.GetValue(rate) > 0) || !(parse.GetValue(duration) > 0) || parse.GetValue(incidents) < 1)
            {
                Console.Error.WriteLine("--rate and --duration must be positive and --incidents at least 1.");
                return 2;
            }
            var result = await ResponderLoad.RunAsync(new ResponderLoad.Options(baseUri.ToString(), read, post, parse.GetValue(rate),
                TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(incidents), TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(warmup))),
                parse.GetValue(connection), parse.GetValue(queries), parse.GetValue(seed), Console.Out), ct);
            return result.Errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Clean()
    {
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of the server's database", Required = true };
        var command = new Command("clean-responders", "Delete the synthetic vessels and assets (load-test incidents stay: the timeline is append-only)") { connection };
        command.SetAction(async (parse, ct) =>
        {
            await ResponderSeed.CleanAsync(parse.GetValue(connection)!, Console.Out, ct);
            return 0;
        });
        return command;
    }
}
