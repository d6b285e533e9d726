// @ts-check
// "Watch": what the detectors found (dark vessels, encounters, loitering, area entries, sightings near a suspect),
// live. The active events of the last day come from GET /api/detection-events, then the hub keeps them current:
// detectionEventRaised adds or revises one (a late position can extend it), detectionEventWithdrawn removes it (late
// data disproved it), detectionAlert (a centre's alert rule matched) and incidentEscalated / handoverOfferReminder
// (escalation timers) raise a toast; a supervisor's escalation (supervisorEscalation) stays until dismissed. Shown as a list and as a map layer; a click on an item flies the map to it.

import { api } from "./api.js";
import { toDdm } from "./geo.js";
import { formatTime, timeElement } from "./time.js";
import { alertFor } from "./alerts.js";
import { t, hasKey } from "./i18n.js";

export const KIND_LABELS = {
  "ais-gap": "AIS gap (went dark)",
  encounter: "Encounter / rendezvous",
  loitering: "Loitering",
  "area-entry": "Entered a watched area",
  "sighting-near-suspect": "Sighting near a suspect vessel",
};
export const KIND_COLOURS = { "ais-gap": "#111827", encounter: "#b91c1c", loitering: "#c2410c", "area-entry": "#1d4ed8", "sighting-near-suspect": "#7e22ce" };

const LOOKBACK_MS = 24 * 3600 * 1000;
const MAX_SHOWN = 200;
const $ = (id) => document.getElementById(id);

/** The hub's DetectionEventRaised and the REST list use different names for the same facts. */
function normalise(e) {
  return {
    id: e.eventId ?? e.id, kind: e.kind, mmsi: e.mmsi, otherMmsi: e.otherMmsi ?? null, startedAt: e.startedAt, endedAt: e.endedAt ?? null,
    latitude: e.latitude, longitude: e.longitude, regionCode: e.regionCode ?? null, areaId: e.areaId ?? null, incidentId: e.incidentId ?? null,
  };
}

const iso = (t) => (t instanceof Date ? t.toISOString() : String(t ?? ""));

// A detector's kind in the reader's language; an unknown kind as the server names it.
export const kindLabel = (kind) => (hasKey(`detection.${kind}`) ? t(`detection.${kind}`) : kind);

export function describeDetection(e) {
  const who = e.otherMmsi ? t("detection.pair", { mmsi: String(e.mmsi), other: String(e.otherMmsi) }) : `MMSI ${e.mmsi}`;
  return t("detection.describe", { kind: kindLabel(e.kind), who, position: toDdm(e.latitude, e.longitude, 1) }) + (e.regionCode ? ` (${e.regionCode})` : "");
}

export class WatchPanel {
  constructor({ me, liveMap, log, toast, alerts = null }) {
    this.me = me;
    this.alerts = alerts; // escalations and offers to this centre are sticky alerts (app.js raises them), not toasts
    this.liveMap = liveMap;
    this.log = log;
    this.toast = toast;
    this.events = new Map(); // id → normalised event (active only)
    this.alerted = new Set(); // ids a rule of my centre alerted on
    this.withdrawn = 0;
    liveMap.onDetectionClick = (id) => this.focus(id);
  }

  async load() {
    const from = new Date(Date.now() - LOOKBACK_MS).toISOString();
    try {
      const list = await api(`/api/detection-events?status=active&from=${encodeURIComponent(from)}`);
      for (const e of list) this.events.set(e.id, normalise(e));
    } catch (err) {
      this.log(`detection events: ${err.message}`);
    }
    this.render();
  }

  onEvent(name, e) {
    if (this.alerts && alertFor(name, e, this.me)) return;
    switch (name) {
      case "detectionEventRaised": {
        const d = normalise(e);
        this.events.set(d.id, d);
        this.render();
        return;
      }
      case "detectionEventWithdrawn":
        if (this.events.delete(e.eventId)) { this.withdrawn++; this.render(); }
        this.log(t("detection.withdrawn", { kind: kindLabel(e.kind), mmsi: String(e.mmsi) }));
        return;
      case "detectionAlert":
        this.alerted.add(e.eventId);
        const severity = hasKey(`detection.severity.${e.severity}`) ? t(`detection.severity.${e.severity}`) : `${e.severity.toUpperCase()} alert`;
        this.toast(`${severity} · ${describeDetection(normalise(e))}`, e.severity);
        this.render();
        return;
      case "incidentEscalated":
        this.toast(t("watch.escalated", { reference: e.reference, centre: e.coordinatingCentreCode, time: formatTime(e.distressSince) }), "critical");
        return;
      case "supervisorEscalation": // to this centre's supervisors only; stays until dismissed
        this.toast(t("alerts.supervisor", { reference: e.reference, centre: e.coordinatingCentreCode, time: formatTime(e.distressSince) }), "critical", { sticky: true });
        return;
      case "handoverOfferReminder":
        this.toast(t("watch.offerReminder", { reference: e.reference, from: e.fromCentreCode, to: e.toCentreCode, time: formatTime(e.proposedAt) }), "warning");
        return;
      default:
    }
  }

  focus(id) {
    const e = this.events.get(id);
    if (!e) return;
    this.liveMap.map.flyTo({ center: [e.longitude, e.latitude], zoom: Math.max(this.liveMap.map.getZoom(), 7) });
    for (const li of /** @type {HTMLCollectionOf<HTMLElement>} */ ($("watch-list").children)) li.classList.toggle("selected", li.dataset.id === id);
  }

  render() {
    const list = [...this.events.values()].sort((a, b) => Date.parse(iso(b.startedAt)) - Date.parse(iso(a.startedAt)));
    $("watch-count").textContent = String(list.length);
    $("watch-empty").hidden = list.length > 0;
    const ol = $("watch-list");
    ol.replaceChildren(...list.slice(0, MAX_SHOWN).map((e) => {
      const li = document.createElement("li");
      li.dataset.id = e.id;
      li.dataset.kind = e.kind;
      li.classList.toggle("alerted", this.alerted.has(e.id));
      const swatch = document.createElement("span");
      swatch.className = "kind-dot";
      swatch.style.background = KIND_COLOURS[e.kind] ?? "#555";
      const text = document.createElement("button");
      text.type = "button";
      text.append(timeElement(iso(e.startedAt)), ` ${describeDetection(e)}${e.incidentId ? ` · ${t("watch.linked")}` : ""}`);
      text.addEventListener("click", () => this.focus(e.id));
      li.append(swatch, text);
      return li;
    }));
    this.liveMap.showDetections(list);
  }
}
