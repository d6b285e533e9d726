namespace MaritimeCoord.Domain.Intake;

/// <summary>Whether a received e-mail's sender is authenticated, and the results as recorded.</summary>
public sealed record AuthenticationVerdict(bool Accepted, string Recorded, string? Refusal);

/// <summary>
/// Reads RFC 8601 Authentication-Results headers. Only headers written by our own receiving server count (its
/// authserv-id is configured): anyone can put an Authentication-Results header into a mail they send. A report is
/// accepted when that server's DMARC result is <c>pass</c> — DMARC is what ties the visible From to an SPF- or
/// DKIM-authenticated domain, and the From is what the allow-list checks (docs/intake.md § E-mail).
/// </summary>
public static class AuthenticationResults
{
    public static AuthenticationVerdict Evaluate(IEnumerable<string> headerValues, string trustedAuthServId)
    {
        var results = new List<(string Method, string Result)>();
        var trusted = 0;
        foreach (var raw in headerValues)
        {
            var value = StripComments(raw);
            var parts = value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            var servId = parts[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (!string.Equals(servId, trustedAuthServId, StringComparison.OrdinalIgnoreCase)) continue;
            trusted++;
            foreach (var part in parts.Skip(1))
            {
                var token = part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                var eq = token.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) continue;
                var method = token[..eq].Split('/')[0].ToLowerInvariant();
                if (method is "spf" or "dkim" or "dmarc") results.Add((method, token[(eq + 1)..].ToLowerInvariant()));
            }
        }
        var recorded = results.Count == 0 ? "none" : string.Join(' ', results.Select(r => $"{r.Method}={r.Result}"));
        if (trusted == 0)
            return new AuthenticationVerdict(false, recorded, $"no Authentication-Results header from {trustedAuthServId}");
        var dmarc = results.Where(r => r.Method == "dmarc").Select(r => r.Result).ToList();
        if (dmarc.Count == 0) return new AuthenticationVerdict(false, recorded, "no DMARC result");
        if (dmarc.Any(r => r != "pass")) return new AuthenticationVerdict(false, recorded, $"DMARC {dmarc.First(r => r != "pass")}");
        return new AuthenticationVerdict(true, recorded, null);
    }

    private static string StripComments(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        foreach (var c in value)
        {
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) sb.Append(c);
        }
        return sb.ToString();
    }
}
