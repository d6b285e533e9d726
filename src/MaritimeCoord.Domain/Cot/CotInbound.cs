namespace MaritimeCoord.Domain.Cot;

/// <summary>What an event from a field unit is to this service.</summary>
public enum CotInboundKind
{
    /// <summary>A unit's own position: moves its asset for the responders ranking.</summary>
    Position,

    /// <summary>An emergency raised by a unit (911 alert and its kin): becomes a sighting for the operator.</summary>
    Emergency,

    /// <summary>The unit cancelled its emergency.</summary>
    EmergencyCancel,

    /// <summary>Anything else (chat, markers, routes, pings, our own events echoed back): counted and ignored.</summary>
    Ignored,
}

/// <summary>
/// Classifies an inbound event and names the unit that sent it. TAK clients send a 911 alert as type <c>b-a-o-tbl</c>
/// with <c>detail/emergency type="911 Alert"</c> holding the unit's callsign (the contact callsign is the alert's own,
/// "CALLSIGN-Alert"), and its cancellation as <c>b-a-o-can</c> or <c>emergency cancel="true"</c>.
/// </summary>
public static class CotInbound
{
    public static CotInboundKind Classify(CotEvent e)
    {
        if (e.Uid.StartsWith(CotPicture.UidPrefix, StringComparison.Ordinal)) return CotInboundKind.Ignored;
        if (e.Type == CotTypes.EmergencyCancel || (e.EmergencyCancel && (CotTypes.IsEmergency(e.Type) || e.EmergencyType is not null)))
            return CotInboundKind.EmergencyCancel;
        if (CotTypes.IsEmergency(e.Type) || (e.EmergencyType is not null && e.EmergencyType.Contains("911", StringComparison.Ordinal)))
            return CotInboundKind.Emergency;
        if (e.Type == "a-f-G-U-C" || CotTypes.IsPositionReport(e.Type) && e.Type.StartsWith("a-f-", StringComparison.Ordinal))
            return CotInboundKind.Position;
        return CotInboundKind.Ignored;
    }

    /// <summary>The sending unit's callsign: the emergency's text, else the contact callsign without TAK's "-Alert".</summary>
    public static string? UnitCallsign(CotEvent e)
    {
        if (!string.IsNullOrWhiteSpace(e.EmergencyText)) return e.EmergencyText.Trim();
        var callsign = e.Callsign?.Trim();
        if (string.IsNullOrEmpty(callsign)) return null;
        return callsign.EndsWith("-Alert", StringComparison.Ordinal) ? callsign[..^"-Alert".Length] : callsign;
    }
}
