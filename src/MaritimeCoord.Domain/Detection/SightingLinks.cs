using System.Globalization;
using MaritimeCoord.Domain.Geo;

namespace MaritimeCoord.Domain.Detection;

/// <summary>
/// A sighting of a boat with no AIS near a vessel that went dark or loitered: recomputed every run from the retained
/// sightings and the standing dark/loitering events, so it follows their revisions (a withdrawn gap takes its links
/// with it). "No AIS" means no AIS track within the clearance of the sighting at its time.
/// </summary>
internal static class SightingLinks
{
    public static void Recompute(DetectionState state, long res, List<DetectionChange> changes)
    {
        var fresh = new List<DetectionEvent>();
        if (state.Suspects.Count > 0 && state.Sightings.Count > 0)
        {
            var suspects = state.Suspects.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
            foreach (var sighting in state.Sightings.Values)
            {
                bool? aisNearby = null;
                var at = new GeoPosition(sighting.Latitude, sighting.Longitude);
                foreach (var e in suspects)
                {
                    var t = state.Settings.For(e.RegionCode);
                    long window = (long)t.SightingWindow.TotalMilliseconds;
                    long end = e.EndMs ?? state.NowMs;
                    if (sighting.TimeMs < e.StartMs - window || sighting.TimeMs > end + window) continue;
                    double radius = Distances.NauticalMilesToMetres(t.SightingRadiusNauticalMiles);
                    double distance = Geodesic.Distance(at, new GeoPosition(e.Latitude, e.Longitude));
                    if (distance > radius) continue;
                    aisNearby ??= AisNearby(state, sighting, t.SightingAisClearanceMetres, res);
                    if (aisNearby.Value) break;
                    fresh.Add(new DetectionEvent(
                        $"sighting:{sighting.Id}:{e.Id}", DetectionKind.SightingNearSuspect, e.Mmsi, null, sighting.TimeMs, sighting.TimeMs,
                        sighting.Latitude, sighting.Longitude, state.Settings.Regions?.CoveringRegionCode(sighting.Latitude, sighting.Longitude),
                        null, sighting.Id, e.Id,
                        new Json().Add("suspectKind", e.KindName).Add("distanceNauticalMiles", distance / Distances.MetresPerNauticalMile)
                            .Add("radiusNauticalMiles", t.SightingRadiusNauticalMiles).ToString()));
                }
            }
        }
        var list = state.SightingLinks.Values.ToList();
        DetectionEngine.Reconcile(list, long.MinValue, fresh, changes);
        state.SightingLinks.Clear();
        foreach (var e in list) state.SightingLinks[e.Id] = e;
    }

    private static bool AisNearby(DetectionState state, SightingObservation sighting, double clearance, long res)
    {
        long bucket = sighting.TimeMs / res;
        foreach (var track in state.Tracks.Values)
        {
            int i = track.FirstAtOrAfter((bucket - 2) * res);
            for (; i < track.Samples.Count && track.Samples[i].T < (bucket + 3) * res; i++)
            {
                var x = track.Samples[i];
                if (Flat.Metres(x.Lat, x.Lon, sighting.Latitude, sighting.Longitude) <= clearance) return true;
            }
        }
        return false;
    }
}
