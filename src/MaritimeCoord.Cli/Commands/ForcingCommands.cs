using System.CommandLine;
using System.Net.Http.Headers;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.Cli.Commands;

/// <summary>
/// `mcoord forcing load FILE`: an administrator uploads a NetCDF-4 forcing file to the server, which validates and
/// stores it.
/// </summary>
internal static class ForcingCommands
{
    internal static Option<string> Url() => new("--url") { Description = "Server base URL", DefaultValueFactory = _ => "http://127.0.0.1:5080" };

    internal static Option<string?> Key() =>
        new("--key") { Description = "Signing key to issue the tokens (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };

    internal static string? SigningKey(string? key) =>
        key ?? Environment.GetEnvironmentVariable("Auth__SigningKey") ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");

    public static Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "NetCDF-4 / CF file with u10/v10 and/or uo/vo (GRIB: cdo -f nc4 copy in.grb out.nc)" };
        var url = Url();
        var key = Key();
        var token = new Option<string?>("--token") { Description = "An administrator's bearer token (default: one issued with --key)" };
        var load = new Command("load", "Upload a forcing file (administrator): POST /api/forcing; prints what it covers") { file, url, key, token };
        load.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) { Console.Error.WriteLine($"{path.FullName} does not exist."); return 2; }
            var bearer = parse.GetValue(token);
            if (bearer is null)
            {
                var signing = SigningKey(parse.GetValue(key));
                if (string.IsNullOrEmpty(signing)) { Console.Error.WriteLine("--token, or --key (or $Auth__SigningKey) to issue one, is required."); return 2; }
                bearer = DevelopmentTokenIssuer.Issue(signing, MaritimeRoles.Admin, null, "mcoord-forcing-load");
            }
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!), Timeout = TimeSpan.FromMinutes(10) };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forcing?name={Uri.EscapeDataString(path.Name)}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            await using var stream = path.OpenRead();
            request.Content = new StreamContent(stream);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-netcdf");
            var response = await http.SendAsync(request, ct);
            Console.WriteLine(await response.Content.ReadAsStringAsync(ct));
            return response.IsSuccessStatusCode ? 0 : 1;
        });
        return new Command("forcing", "Gridded wind/current forcing files for drift runs") { load };
    }
}
