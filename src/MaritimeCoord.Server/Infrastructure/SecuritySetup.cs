using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MaritimeCoord.Server.Infrastructure;

/// <summary>Section <c>Security</c>: rate limits and CORS (see docs/security.md).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public RateLimitOptions RateLimiting { get; set; } = new();
    public CorsOptions Cors { get; set; } = new();

    /// <summary>
    /// A token bucket per user (token subject; per client address before authentication). The defaults are far above
    /// what a person at a console or a liaison officer's laptop sends, and stop a runaway script.
    /// </summary>
    public sealed class RateLimitOptions
    {
        public bool Enabled { get; set; } = true;

        /// <summary>Burst: requests a user may send at once.</summary>
        public int TokenLimit { get; set; } = 600;

        /// <summary>Sustained: requests per <see cref="ReplenishmentPeriod"/>.</summary>
        public int TokensPerPeriod { get; set; } = 60;

        public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);
    }

    public sealed class CorsOptions
    {
        /// <summary>Origins allowed to call the API from a browser; empty (the default) allows no cross-origin call.</summary>
        public List<string> AllowedOrigins { get; set; } = [];
    }
}

/// <summary>
/// Hardening that sits around every endpoint: a per-user rate limit (429 problem details with Retry-After), a CORS
/// allow-list (empty by default) and redaction of the hub's <c>access_token</c> query parameter from every log line.
/// Authentication (issuer, audience, lifetime, algorithm) is in <see cref="AuthSetup"/>; headers and body limits in
/// <see cref="HttpSetup"/>.
/// </summary>
public static class SecuritySetup
{
    public const string CorsPolicy = "maritime-cors";

    public static WebApplicationBuilder AddMaritimeSecurity(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        builder.Services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.Section));

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            var origins = options.Cors.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
            if (origins.Length == 0) return; // no origin, no CORS headers: browsers refuse every cross-origin call
            policy.WithOrigins(origins).AllowAnyHeader().WithMethods("GET", "POST", "PUT", "DELETE")
                .WithExposedHeaders("Location", "ETag", "Retry-After", "Idempotent-Replayed");
        }));

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options.RateLimiting));
            limiter.OnRejected = WriteRejectionAsync;
        });

        builder.Services.AddExceptionHandler<FaultExceptionHandler>();
        RedactAccessTokensInLogs(builder.Services);
        return builder;
    }

    /// <summary>After authentication (the limit is per token subject) and before authorization.</summary>
    public static WebApplication UseMaritimeSecurity(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        return app;
    }

    internal static RateLimitPartition<string> Partition(HttpContext context, SecurityOptions.RateLimitOptions options)
    {
        // Probes are anonymous and must never be throttled into "unhealthy".
        if (!options.Enabled || context.Request.Path.StartsWithSegments("/health"))
            return RateLimitPartition.GetNoLimiter("unlimited");
        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst("sub")?.Value : null;
        var key = subject is not null ? "user:" + subject : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.TokenLimit),
            TokensPerPeriod = Math.Max(1, options.TokensPerPeriod),
            ReplenishmentPeriod = options.ReplenishmentPeriod > TimeSpan.Zero ? options.ReplenishmentPeriod : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This user has sent too many requests; retry after {seconds} s.",
            },
        });
    }

    // ---- access_token redaction ------------------------------------------------------------------------------------

    /// <summary>
    /// Browsers put the hub's bearer token in the query string (<c>/hubs/situation?access_token=…</c>: WebSocket upgrades
    /// carry no Authorization header). ASP.NET Core's own request logs (Microsoft.AspNetCore.Hosting.Diagnostics,
    /// "Request starting … ?access_token=…", Information) are written before any middleware runs, so the token is
    /// removed where every log line passes: a decorator around the ILoggerFactory, whatever the providers and levels.
    /// </summary>
    private static void RedactAccessTokensInLogs(IServiceCollection services)
    {
        services.RemoveAll<ILoggerFactory>();
        services.AddSingleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
    }

    private static readonly Regex TokenInQuery = new(@"(?<=(?:^|[?&;\s])access_token=)[^&\s""'#]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    public const string Redacted = "[redacted]";

    /// <summary>Replaces the value of every <c>access_token=</c> parameter in <paramref name="text"/>.</summary>
    public static string RedactAccessToken(string text) =>
        text.Contains("access_token", StringComparison.OrdinalIgnoreCase) ? TokenInQuery.Replace(text, Redacted) : text;

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                // A structured message is its template plus these values: when no value holds a token, neither does the message.
                if (!values.Any(kv => TextOf(kv.Value)?.Contains("access_token", StringComparison.OrdinalIgnoreCase) == true))
                {
                    inner.Log(logLevel, eventId, state, exception, formatter);
                    return;
                }
                var redacted = values.Select(kv => new KeyValuePair<string, object?>(kv.Key,
                    TextOf(kv.Value) is { } text ? RedactAccessToken(text) : kv.Value)).ToList();
                inner.Log(logLevel, eventId, new RedactedState(redacted, RedactAccessToken(formatter(state, exception))), exception,
                    static (s, _) => s.Message);
                return;
            }
            var message = formatter(state, exception);
            if (message.Contains("access_token", StringComparison.OrdinalIgnoreCase))
                inner.Log(logLevel, eventId, new RedactedState([], RedactAccessToken(message)), exception, static (s, _) => s.Message);
            else
                inner.Log(logLevel, eventId, state, exception, formatter);
        }

        // Strings and objects rendered by ToString (QueryString, PathString, Uri, …); numbers and dates cannot hold a token.
        private static string? TextOf(object? value) => value switch
        {
            null => null,
            string s => s,
            IConvertible => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;
        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Count;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => message;
    }
}

/// <summary>
/// Failures that are not the server's fault get honest answers instead of 500: the database unreachable or restarting
/// → 503 with Retry-After (nothing was stored; a retry with the same Idempotency-Key is safe); text PostgreSQL cannot
/// store (U+0000 in any field of any endpoint) → 400.
/// </summary>
internal sealed class FaultExceptionHandler(IProblemDetailsService problems, ILogger<FaultExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception);
        if (status == 0 || context.Response.HasStarted) return false;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            log.LogWarning("Database unavailable: {Message}", exception.GetBaseException().Message);
            context.Response.Headers.RetryAfter = "2";
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    internal static (int Status, string Title, string Detail) Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter })
                return (StatusCodes.Status400BadRequest, "The request is not valid.", "A text field contains a character that cannot be stored (U+0000).");
            if (e is PostgresException pg && (pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)))
                return Unavailable;
            if (e is NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException)
                return Unavailable;
        }
        return (0, "", "");
    }

    private static readonly (int, string, string) Unavailable = (StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable",
        "The database cannot be reached right now. Retry shortly with the same Idempotency-Key: a retry never stores a sighting twice.");
}
