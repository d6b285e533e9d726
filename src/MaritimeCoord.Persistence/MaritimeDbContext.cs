using MaritimeCoord.Domain.Incidents;
using MaritimeCoord.Persistence.Entities;
using MaritimeCoord.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MaritimeCoord.Persistence;

public sealed class MaritimeDbContext(DbContextOptions<MaritimeDbContext> options) : DbContext(options)
{
    public const string IncidentReferenceSequence = "incident_reference_seq";

    public DbSet<RescueCentre> RescueCentres => Set<RescueCentre>();
    public DbSet<SarRegion> SarRegions => Set<SarRegion>();
    public DbSet<Sighting> Sightings => Set<Sighting>();
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<IncidentTimelineEntry> IncidentTimeline => Set<IncidentTimelineEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<HandoverOfferRecord> HandoverOffers => Set<HandoverOfferRecord>();
    public DbSet<ResponseAsset> ResponseAssets => Set<ResponseAsset>();
    public DbSet<IncidentTasking> IncidentTaskings => Set<IncidentTasking>();
    public DbSet<SitrepRecord> Sitreps => Set<SitrepRecord>();
    public DbSet<VesselState> VesselStates => Set<VesselState>();
    public DbSet<Vessel> Vessels => Set<Vessel>();

    /// <summary>The one place options are built, for the server, the CLI and design-time tools alike.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.UseNetTopologySuite().MigrationsHistoryTable("__ef_migrations_history"))
               .UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.HasSequence<long>(IncidentReferenceSequence);

        modelBuilder.Entity<RescueCentre>(e =>
        {
            e.HasIndex(c => c.Code).IsUnique();
            e.Property(c => c.Code).HasMaxLength(40);
            e.Property(c => c.Country).HasMaxLength(3);
            e.Property(c => c.Location).HasColumnType("geography (point, 4326)");
            e.HasIndex(c => c.Location).HasMethod("gist");
        });

        modelBuilder.Entity<SarRegion>(e =>
        {
            e.HasIndex(r => r.Code).IsUnique();
            e.Property(r => r.Code).HasMaxLength(40);
            e.Property(r => r.BoundaryVersion).HasMaxLength(100);
            e.Property(r => r.Boundary).HasColumnType("geography (multipolygon, 4326)");
            e.HasIndex(r => r.Boundary).HasMethod("gist");
            e.HasOne(r => r.RescueCentre).WithMany().HasForeignKey(r => r.RescueCentreCode).HasPrincipalKey(c => c.Code)
             .OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Incident>(e =>
        {
            e.HasIndex(i => i.Reference).IsUnique();
            e.Property(i => i.Reference).HasMaxLength(32);
            e.Property(i => i.Phase).HasConversion(p => p.WireName(), s => Enum.Parse<IncidentPhase>(s, true)).HasMaxLength(16);
            e.Property(i => i.LastPosition).HasColumnType("geography (point, 4326)");
            e.HasIndex(i => i.LastPosition).HasMethod("gist");
            e.HasIndex(i => new { i.Phase, i.LastSightingAt });
            e.HasIndex(i => i.CoordinatingCentreCode);
            e.Property(i => i.Version).IsRowVersion();
            e.HasOne<RescueCentre>().WithMany().HasForeignKey(i => i.CoordinatingCentreCode).HasPrincipalKey(c => c.Code)
             .OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Sighting>(e =>
        {
            e.Property(s => s.Position).HasColumnType("geography (point, 4326)");
            e.HasIndex(s => s.Position).HasMethod("gist");
            e.HasIndex(s => s.ObservedAt);
            e.HasIndex(s => new { s.ReportedBy, s.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            e.Property(s => s.IdempotencyKey).HasMaxLength(128);
            e.Property(s => s.Condition).HasMaxLength(32);
            e.HasOne(s => s.Incident).WithMany(i => i.Sightings).HasForeignKey(s => s.IncidentId);
        });

        modelBuilder.Entity<IncidentTimelineEntry>(e =>
        {
            e.HasIndex(t => new { t.IncidentId, t.At });
            e.HasOne<Incident>().WithMany(i => i.Timeline).HasForeignKey(t => t.IncidentId);
        });

        modelBuilder.Entity<HandoverOfferRecord>(e =>
        {
            e.ToTable("handover_offers");
            e.Property(h => h.Status).HasMaxLength(16);
            // One pending offer per incident, enforced where two operators cannot race past it.
            e.HasIndex(h => h.IncidentId).IsUnique().HasFilter("status = 'pending'").HasDatabaseName("ux_handover_offers_one_pending");
            e.HasIndex(h => new { h.ToCentreCode, h.Status });
            e.HasOne<Incident>().WithMany().HasForeignKey(h => h.IncidentId);
        });

        modelBuilder.Entity<ResponseAsset>(e =>
        {
            e.HasIndex(a => a.Code).IsUnique();
            e.Property(a => a.Code).HasMaxLength(40);
            e.Property(a => a.Type).HasMaxLength(32);
            e.Property(a => a.Availability).HasMaxLength(16);
            e.Property(a => a.Position).HasColumnType("geography (point, 4326)");
            e.HasIndex(a => a.Position).HasMethod("gist");
            e.Property(a => a.Version).IsRowVersion();
        });

        modelBuilder.Entity<IncidentTasking>(e =>
        {
            // An asset is on at most one active tasking: double assignment fails here even if two requests race.
            e.HasIndex(t => t.AssetCode).IsUnique().HasFilter("released_at IS NULL").HasDatabaseName("ux_incident_taskings_one_active_per_asset");
            e.HasIndex(t => t.IncidentId);
            e.HasOne<Incident>().WithMany().HasForeignKey(t => t.IncidentId);
        });

        modelBuilder.Entity<SitrepRecord>(e =>
        {
            e.ToTable("sitreps");
            e.HasIndex(r => new { r.IncidentId, r.Number }).IsUnique();
            e.Property(r => r.Payload).HasColumnType("jsonb");
            e.HasOne<Incident>().WithMany().HasForeignKey(r => r.IncidentId);
        });

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.Property(m => m.Payload).HasColumnType("jsonb");
            e.HasIndex(m => m.Id).HasFilter("dispatched_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
        });

        // AIS. The position history (ais_positions, partitioned by day) is deliberately NOT in the model: EF cannot
        // express declarative partitioning, and it is written by binary COPY (Ais/AisBatchWriter) and read with SQL.
        // Its DDL lives in the AisIngest migration (raw SQL) and docs/ais-ingest.md.
        modelBuilder.Entity<VesselState>(e =>
        {
            e.HasKey(v => v.Mmsi);
            e.Property(v => v.Mmsi).ValueGeneratedNever();
            e.Property(v => v.Position).HasColumnType("geography (point, 4326)");
            e.HasIndex(v => v.Position).HasMethod("gist");
            e.HasIndex(v => v.ObservedAt);
        });

        modelBuilder.Entity<Vessel>(e =>
        {
            e.HasKey(v => v.Mmsi);
            e.Property(v => v.Mmsi).ValueGeneratedNever();
            e.Property(v => v.Name).HasMaxLength(40);
            e.Property(v => v.CallSign).HasMaxLength(16);
            e.Property(v => v.Destination).HasMaxLength(40);
            e.HasIndex(v => v.Imo);
            e.HasIndex(v => v.MothershipMmsi).HasFilter("mothership_mmsi IS NOT NULL");
        });
    }
}
