using System.CommandLine;
using MaritimeCoord.Cli.Auth;
using MaritimeCoord.Contracts.Auth;

namespace MaritimeCoord.Cli.Commands;

internal static class TokenCommands
{
    public static Command Build()
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", MaritimeRoles.All)}", Required = true };
        role.AcceptOnlyFromAmong([.. MaritimeRoles.All]);
        var centre = new Option<string?>("--centre") { Description = "Rescue centre code, e.g. JRCC-AUS (required for operators and liaison officers)" };
        var subject = new Option<string?>("--subject") { Description = "User id (default: role@centre)" };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var hours = new Option<double>("--hours") { Description = "Lifetime in hours", DefaultValueFactory = _ => 12 };
        var key = new Option<string?>("--key") { Description = "Signing key (default: $Auth__SigningKey or $MCOORD_SIGNING_KEY)" };

        var issue = new Command("issue", "Print a development token signed with the configured key") { role, centre, subject, name, hours, key };
        issue.SetAction(parse =>
        {
            var signingKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("Auth__SigningKey")
                             ?? Environment.GetEnvironmentVariable("MCOORD_SIGNING_KEY");
            if (string.IsNullOrWhiteSpace(signingKey))
            {
                Console.Error.WriteLine("No signing key: pass --key or set Auth__SigningKey (ops/run.sh keeps one in ops/.state/signing-key).");
                return 2;
            }
            var r = parse.GetValue(role)!;
            var c = parse.GetValue(centre);
            if (r is MaritimeRoles.Operator or MaritimeRoles.Liaison or MaritimeRoles.Supervisor && string.IsNullOrWhiteSpace(c))
            {
                Console.Error.WriteLine($"--centre is required for role {r}.");
                return 2;
            }
            Console.WriteLine(DevelopmentTokenIssuer.Issue(signingKey, r, c, parse.GetValue(subject), parse.GetValue(name),
                TimeSpan.FromHours(parse.GetValue(hours))));
            return 0;
        });
        return new Command("token", "Development tokens") { issue };
    }
}
