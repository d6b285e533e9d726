using MassTransit;
using MaritimeCoord.Server.Realtime;

namespace MaritimeCoord.Server.Infrastructure;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary><c>InMemory</c> (single-machine default) or <c>RabbitMq</c>.</summary>
    public string Transport { get; set; } = "InMemory";
    public string RabbitMqHost { get; set; } = "127.0.0.1";
    public ushort RabbitMqPort { get; set; } = 5672;
    public string RabbitMqVirtualHost { get; set; } = "/";
    public string RabbitMqUsername { get; set; } = "guest";
    public string RabbitMqPassword { get; set; } = "guest";

    /// <summary>
    /// Prefix of queue and exchange names, so test runs or environments sharing a broker neither steal each other's
    /// messages nor receive each other's events.
    /// </summary>
    public string EndpointPrefix { get; set; } = "";

    /// <summary>Auto-deleted, non-durable queues (tests only).</summary>
    public bool TemporaryEndpoints { get; set; }

    public bool UsesRabbitMq => string.Equals(Transport, "RabbitMq", StringComparison.OrdinalIgnoreCase);
}

public static class MessagingSetup
{
    public static WebApplicationBuilder AddMaritimeMessaging(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        var nodeInstanceId = $"node-{Guid.NewGuid():N}"; // per host, so two nodes in one process (tests) get a queue each
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8.5 reports usage telemetry over the internet by default; a rescue-coordination node sends
            // nothing to third parties (and the machines it runs on may have no route out).
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, false));
            x.AddConsumer<SituationBroadcaster>().Endpoint(e => e.Temporary = options.TemporaryEndpoints);
            // Every node filters positions for its own clients (LiveVesselFeeds): one auto-deleted queue per node, not competing.
            x.AddConsumer<VesselPositionsBroadcaster>().Endpoint(e => { e.InstanceId = nodeInstanceId; e.Temporary = true; });
            x.AddConsumer<Detection.DetectionAlertBroadcaster>().Endpoint(e => e.Temporary = options.TemporaryEndpoints);
            x.AddConsumer<Features.Intake.IntakeReviewBroadcaster>().Endpoint(e => e.Temporary = options.TemporaryEndpoints);
            if (options.UsesRabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(options.RabbitMqHost, options.RabbitMqPort, options.RabbitMqVirtualHost, h =>
                    {
                        h.Username(options.RabbitMqUsername);
                        h.Password(options.RabbitMqPassword);
                    });
                    // Events are published to one exchange per message type; with a prefix those are the
                    // environment's own too, so a node never receives another environment's (or test host's) events
                    // through a shared exchange. Without a prefix the names are MassTransit's defaults.
                    if (options.EndpointPrefix.Length > 0)
                        cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, options.EndpointPrefix));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }
}
