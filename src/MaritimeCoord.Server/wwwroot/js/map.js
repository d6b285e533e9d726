// @ts-check
// The live map: base layers (GeoJSON from the server, no tiles, no glyphs), SAR regions, AIS vessels (custom WebGL
// layer), sightings with their uncertainty, incidents coloured by phase, responders, scale bar, DDM readout and a
// measure-distance tool. Everything is served by this server (offline by design).

import * as maplibregl from "/lib/maplibre/maplibre-gl.mjs";
import { api } from "./api.js";
import { toDdm, distanceNm, bearing, formatBearing, circlePolygon } from "./geo.js";
import { VesselLayer } from "./vessels.js";
import { KIND_COLOURS, kindLabel } from "./watch.js";
import { t, hasKey } from "./i18n.js";
import { Orientation } from "./orientation.js";
import { currentTheme, paintMap } from "./theme.js";
import { formatTime } from "./time.js";

export const PHASE_COLOURS = { uncertainty: "#d4a106", alert: "#e06a00", distress: "#c4001a", resolved: "#4d7c57", closed: "#7b8794" };
/** @type {any} a "match" built by spreading, which MapLibre's expression tuple types cannot follow */
const PHASE_EXPRESSION = ["match", ["get", "phase"], ...Object.entries(PHASE_COLOURS).flat(), "#d4a106"];
const EMPTY = { type: "FeatureCollection", features: [] };
const $ = (id) => document.getElementById(id);

export class LiveMap {
  /**
   * One of the map's GeoJSON sources (every source this class adds is one).
   * @param {string} id
   * @returns {import("/lib/maplibre/maplibre-gl.mjs").GeoJSONSource}
   */
  geoJson(id) { return /** @type {import("/lib/maplibre/maplibre-gl.mjs").GeoJSONSource} */ (this.map.getSource(id)); }

  constructor(container) {
    this.map = new maplibregl.Map({
      container,
      center: [115, -5],
      zoom: 3.2,
      attributionControl: { compact: true, customAttribution: "Natural Earth · © OpenStreetMap contributors (ODbL) · GFW/Marine Regions · NGA WPI · approximate SAR regions: NOT FOR OPERATIONAL USE" },
      style: { version: 8, sources: {}, layers: [{ id: "sea", type: "background", paint: { "background-color": currentTheme() === "night" ? "#0a1822" : "#cfe3f0" } }] },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: true }), "top-right");
    this.map.addControl(new maplibregl.ScaleControl({ unit: "nautical", maxWidth: 140 }), "bottom-left");
    this.vessels = new VesselLayer();
    this.sightings = new Map(); // id → sighting
    this.incidents = new Map(); // shared with the app (set by it)
    this.selectedIncidentId = null;
    this.measure = { active: false, points: [] };
    this.pickHandler = null;
    /** @type {((incidentId: string) => void) | undefined} set by the app */
    this.onIncidentClick = undefined;
    /** @type {((detectionId: string) => void) | undefined} set by the app */
    this.onDetectionClick = undefined;
    this.ready = false;
    this.map.on("mousemove", (e) => { $("cursor-position").textContent = toDdm(e.lngLat.lat, e.lngLat.lng); });
    this.loaded = new Promise((resolve) => this.map.on("load", resolve));
    // The attribution starts folded (the ⓘ button opens it), so it does not cover a phone-sized map.
    this.loaded.then(() => container && document.querySelector(".maplibregl-ctrl-attrib")?.classList.remove("maplibregl-compact-show"));
  }

  async addLayers() {
    await this.loaded;
    const map = this.map;
    // The 12 nm limits are 3.7 MB of GeoJSON: they come after the first picture (land, regions, centres, incidents).
    const [coastline, eez, ports, regions, centres] = await Promise.all([
      api("/api/map/layers/coastline"), api("/api/map/layers/eez"),
      api("/api/map/layers/ports"), api("/api/map/sar-regions"), api("/api/map/rescue-centres"),
    ]);
    for (const [id, data] of Object.entries({ eez, sea12: EMPTY, coastline, ports, "sar-regions": regions, centres,
      incidents: EMPTY, sightings: EMPTY, "sighting-uncertainty": EMPTY, responders: EMPTY, "responder-lines": EMPTY,
      assets: EMPTY, detections: EMPTY, measure: EMPTY, pick: EMPTY })) {
      map.addSource(id, { type: "geojson", data });
    }
    map.addLayer({ id: "eez-line", type: "line", source: "eez", paint: { "line-color": "#7fa7c2", "line-width": 0.6, "line-dasharray": [1, 2] } });
    map.addLayer({ id: "sea12-fill", type: "fill", source: "sea12", paint: { "fill-color": "#b6d4e8" } });
    map.addLayer({ id: "sea12-line", type: "line", source: "sea12", paint: { "line-color": "#3c8dbc", "line-width": 0.7 } });
    map.addLayer({ id: "land", type: "fill", source: "coastline", paint: { "fill-color": "#efe9dc", "fill-outline-color": "#a59f8f" } });
    map.addLayer({ id: "sar-published", type: "line", source: "sar-regions", filter: ["!", ["get", "approximate"]],
      paint: { "line-color": "#1d4e89", "line-width": 2 } });
    map.addLayer({ id: "sar-approximate", type: "line", source: "sar-regions", filter: ["get", "approximate"],
      paint: { "line-color": "#1d4e89", "line-width": 1.6, "line-dasharray": [4, 3] } });
    map.addLayer({ id: "ports", type: "circle", source: "ports", minzoom: 4,
      paint: { "circle-radius": 2.5, "circle-color": "#5b4a2f", "circle-stroke-color": "#fff", "circle-stroke-width": 0.8 } });
    map.addLayer({ id: "centres", type: "circle", source: "centres",
      paint: { "circle-radius": 5, "circle-color": "#fff", "circle-stroke-color": "#1d4e89", "circle-stroke-width": 2 } });
    map.addLayer(this.vessels);
    map.addLayer({ id: "sighting-uncertainty", type: "fill", source: "sighting-uncertainty",
      paint: { "fill-color": "#6a3d9a", "fill-opacity": 0.12, "fill-outline-color": "#6a3d9a" } });
    // Every government asset (GET /api/map/responders), under the selected incident's ranked responders.
    map.addLayer({ id: "assets", type: "circle", source: "assets",
      paint: { "circle-radius": 4, "circle-color": ["match", ["get", "availability"], "available", "#0b6e4f", "tasked", "#e06a00", "#9aa5b1"],
               "circle-stroke-color": "#0b6e4f", "circle-stroke-width": ["case", ["get", "tasked"], 2.5, 1] } });
    map.addLayer({ id: "responder-lines", type: "line", source: "responder-lines",
      paint: { "line-color": "#0b6e4f", "line-width": 1.2, "line-dasharray": [2, 2] } });
    map.addLayer({ id: "responders", type: "circle", source: "responders",
      paint: { "circle-radius": ["case", ["get", "tasked"], 7, 5], "circle-color": ["match", ["get", "kind"], "asset", "#0b6e4f", "#2b7bb9"],
               "circle-stroke-color": "#fff", "circle-stroke-width": ["case", ["get", "tasked"], 3, 1.5] } });
    map.addLayer({ id: "sightings", type: "circle", source: "sightings",
      paint: { "circle-radius": 4, "circle-color": "#6a3d9a", "circle-stroke-color": "#fff", "circle-stroke-width": 1.2 } });
    // What the detectors found (js/watch.js): a ring coloured by kind, so the vessel under it stays visible.
    map.addLayer({ id: "detections", type: "circle", source: "detections",
      paint: { "circle-radius": 9, "circle-color": "rgba(0,0,0,0)", "circle-stroke-width": 2.5,
               "circle-stroke-color": /** @type {any} */ (["match", ["get", "kind"], ...Object.entries(KIND_COLOURS).flat(), "#555"]) } });
    map.addLayer({ id: "incident-selected", type: "circle", source: "incidents", filter: ["==", ["get", "id"], ""],
      paint: { "circle-radius": 15, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#102030", "circle-stroke-width": 2.5 } });
    map.addLayer({ id: "incidents", type: "circle", source: "incidents",
      paint: { "circle-radius": 8, "circle-color": PHASE_EXPRESSION, "circle-stroke-color": "#000", "circle-stroke-width": 1.5,
               "circle-opacity": ["case", ["get", "stale"], 0.45, 0.95] } });
    map.addLayer({ id: "measure-line", type: "line", source: "measure", filter: ["==", ["geometry-type"], "LineString"],
      paint: { "line-color": "#111", "line-width": 2, "line-dasharray": [3, 2] } });
    map.addLayer({ id: "measure-points", type: "circle", source: "measure", filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-radius": 4, "circle-color": "#fff", "circle-stroke-color": "#111", "circle-stroke-width": 2 } });
    map.addLayer({ id: "pick", type: "circle", source: "pick",
      paint: { "circle-radius": 7, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#6a3d9a", "circle-stroke-width": 3 } });

    // Symbol layers need a glyph server; HTML markers label the regions instead, so the map stays fully offline.
    for (const f of regions.features) {
      const [lon, lat] = f.properties.labelPoint ?? labelPoint(f.geometry);
      const el = document.createElement("div");
      el.className = "region-label place";
      el.textContent = `${f.properties.code} SRR${f.properties.approximate ? ` ${t("map.approx")}` : ""}`;
      new maplibregl.Marker({ element: el }).setLngLat([lon, lat]).addTo(map);
    }
    this.centres = centres.features.map((f) => f.properties);
    map.on("click", (e) => this.onClick(e));
    for (const layer of ["incidents", "sightings", "detections", "responders", "assets", "centres", "ports"]) {
      map.on("mouseenter", layer, () => { if (!this.measure.active && !this.pickHandler) map.getCanvas().style.cursor = "pointer"; });
      map.on("mouseleave", layer, () => { if (!this.measure.active && !this.pickHandler) map.getCanvas().style.cursor = ""; });
    }
    this.ready = true;
    this.orientation = new Orientation(this);
    // Place names are not part of the first picture: they arrive while it is drawn.
    this.orientation.add().then(() => paintMap(map)).catch((e) => console.warn(`place names: ${e.message}`));
    paintMap(map);
    this.refreshIncidents();
    this.refreshSightings();
    if (this.assets) this.showAssets(this.assets);
    if (this.detections) this.showDetections(this.detections);
  }

  /** Layers that are not needed for the first picture; loaded once it is on screen. */
  async addDeferredLayers() {
    const sea12 = await api("/api/map/layers/territorial-sea");
    this.geoJson("sea12").setData(sea12);
    await new Promise((resolve) => this.map.once("idle", resolve));
    this.deferredLoaded = true;
  }

  onClick(e) {
    const map = this.map;
    if (this.pickHandler) { this.pickHandler(e.lngLat); return; }
    if (this.measure.active) { this.addMeasurePoint([e.lngLat.lng, e.lngLat.lat]); return; }
    const hit = map.queryRenderedFeatures(e.point, { layers: ["incidents", "sightings", "detections", "responders", "assets", "centres", "ports"] })[0];
    if (hit) {
      const p = hit.properties;
      if (hit.layer.id === "incidents") { this.onIncidentClick?.(p.id); return; }
      if (hit.layer.id === "detections") this.onDetectionClick?.(p.id);
      const text = hit.layer.id === "sightings"
        ? [t("map.sighting", { time: `${p.observedAt?.slice(0, 16).replace("T", " ")}Z` }), p.description, t("list.pob", { pob: p.pob < 0 ? "?" : String(p.pob) }),
          hasKey(`condition.${p.condition}`) ? t(`condition.${p.condition}`) : p.condition].join(" · ")
          + (p.uncertaintyNm >= 0 ? ` · ±${p.uncertaintyNm} nm` : ` · ${t("map.noUncertainty")}`)
        : hit.layer.id === "detections" ? `${kindLabel(p.kind)} · MMSI ${p.mmsi}${p.otherMmsi > 0 ? ` ${t("map.and")} ${p.otherMmsi}` : ""} · ${t("map.since", { time: formatTime(p.startedAt) })}`
        : hit.layer.id === "responders" ? `${p.rank}. ${p.name} · ${p.distanceNm} nm · ETA ${p.timeToArrive}${p.stale ? ` · ${t("map.positionStale")}` : ""}`
        : hit.layer.id === "assets" ? `${p.name} (${p.code}) · ${p.type} · ${p.availability}${p.tasked ? ` · ${t("map.taskedTo", { target: p.taskedTo || t("map.otherCentreIncident") })}` : ""}${p.homeBase ? ` · ${t("map.home", { base: p.homeBase })}` : ""}`
        : hit.layer.id === "centres" ? `${p.name} (${p.code})`
        : `${t("map.port")} ${p.name}${p.country ? `, ${p.country}` : ""}`;
      new maplibregl.Popup().setLngLat(e.lngLat).setText(text).addTo(map);
      return;
    }
    const vessel = this.vessels.pick(e.point);
    if (vessel) {
      const ageMin = Math.round((Date.now() - +new Date(vessel.observedAt)) / 60000); // a Date over MessagePack, a string over JSON
      new maplibregl.Popup().setLngLat([vessel.longitude, vessel.latitude]).setText(
        `MMSI ${vessel.mmsi} · ${toDdm(vessel.latitude, vessel.longitude, 2)} · SOG ${vessel.speedKnots ?? "?"} kn · COG ${vessel.courseDegrees ?? "?"}° · HDG ${vessel.heading ?? "?"}° · ${t("map.minAgo", { minutes: String(ageMin) })}`).addTo(map);
    }
  }

  // ---- incidents ----
  refreshIncidents() {
    if (!this.ready) return;
    this.geoJson("incidents").setData({
      type: "FeatureCollection",
      features: [...this.incidents.values()].filter((i) => i.latitude != null).map((i) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [i.longitude, i.latitude] },
        properties: { id: i.id, reference: i.reference, phase: i.phase, personsOnBoard: i.personsOnBoard ?? -1, stale: !!i.isStale },
      })),
    });
    this.map.setFilter("incident-selected", ["==", ["get", "id"], this.selectedIncidentId ?? ""]);
  }

  select(incidentId) {
    this.selectedIncidentId = incidentId;
    this.refreshIncidents();
  }

  // ---- sightings ----
  addSighting(s) {
    const current = this.sightings.get(s.id);
    this.sightings.set(s.id, { ...current, ...s, uncertaintyNm: s.uncertaintyNm ?? current?.uncertaintyNm ?? null });
    this.refreshSightings();
  }

  refreshSightings() {
    if (!this.ready) return;
    const list = [...this.sightings.values()];
    this.geoJson("sightings").setData({
      type: "FeatureCollection",
      features: list.map((s) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [s.longitude, s.latitude] },
        properties: { id: s.id, observedAt: s.observedAt, description: s.boatDescription ?? "", pob: s.personsOnBoard ?? -1,
                      condition: s.condition ?? "unknown", uncertaintyNm: s.uncertaintyNm ?? -1 },
      })),
    });
    this.geoJson("sighting-uncertainty").setData({
      type: "FeatureCollection",
      features: list.filter((s) => s.uncertaintyNm > 0).map((s) => ({
        type: "Feature", geometry: circlePolygon([s.longitude, s.latitude], s.uncertaintyNm), properties: { id: s.id },
      })),
    });
  }

  // ---- responders (for the selected incident) ----
  showResponders(target, ranked, taskedCodes = new Set()) {
    if (!this.ready) return;
    const top = ranked.slice(0, 10);
    this.geoJson("responders").setData({
      type: "FeatureCollection",
      features: top.map((r) => ({ type: "Feature", geometry: { type: "Point", coordinates: [r.longitude, r.latitude] },
        properties: { id: r.id, rank: r.rank, name: r.name, kind: r.kind, distanceNm: r.distanceNm, timeToArrive: r.timeToArrive,
                      stale: r.stale, tasked: taskedCodes.has(r.id) } })),
    });
    this.geoJson("responder-lines").setData({
      type: "FeatureCollection",
      features: target ? top.slice(0, 5).map((r) => ({ type: "Feature", properties: {},
        geometry: { type: "LineString", coordinates: [[r.longitude, r.latitude], [target.longitude, target.latitude]] } })) : [],
    });
  }

  clearResponders() { this.showResponders(null, []); }

  /** All response assets, from GET /api/map/responders (MapLibre keeps flat properties only: the tasking is flattened). */
  showAssets(collection) {
    this.assets = collection;
    if (!this.ready) return;
    this.geoJson("assets").setData({
      type: "FeatureCollection",
      features: collection.features.map((f) => ({ type: "Feature", geometry: f.geometry, properties: {
        code: f.properties.code, name: f.properties.name, type: f.properties.type, availability: f.properties.availability,
        homeBase: f.properties.homeBase ?? "", tasked: !!f.properties.tasking, taskedTo: f.properties.tasking?.incidentReference ?? "" } })),
    });
  }

  // ---- detection events (js/watch.js) ----
  showDetections(list) {
    this.detections = list;
    if (!this.ready) return;
    this.geoJson("detections").setData({
      type: "FeatureCollection",
      features: list.map((d) => ({ type: "Feature", geometry: { type: "Point", coordinates: [d.longitude, d.latitude] },
        properties: { id: d.id, kind: d.kind, mmsi: d.mmsi, otherMmsi: d.otherMmsi ?? -1,
                      startedAt: d.startedAt instanceof Date ? d.startedAt.toISOString() : String(d.startedAt) } })),
    });
  }

  // ---- measure tool ----
  setMeasure(active) {
    this.measure.active = active;
    this.measure.points = [];
    this.map.getCanvas().style.cursor = active ? "crosshair" : "";
    if (active) this.map.doubleClickZoom.disable(); else this.map.doubleClickZoom.enable();
    this.renderMeasure();
  }

  addMeasurePoint(lngLat) {
    this.measure.points.push(lngLat);
    this.renderMeasure();
  }

  renderMeasure() {
    const pts = this.measure.points;
    let total = 0;
    for (let i = 1; i < pts.length; i++) total += distanceNm(pts[i - 1], pts[i]);
    this.measure.totalNm = total;
    if (this.ready) {
      this.geoJson("measure").setData({
        type: "FeatureCollection",
        features: [
          ...pts.map((p) => ({ type: "Feature", geometry: { type: "Point", coordinates: p }, properties: {} })),
          ...(pts.length > 1 ? [{ type: "Feature", geometry: { type: "LineString", coordinates: pts }, properties: {} }] : []),
        ],
      });
    }
    const out = $("measure-readout");
    if (!this.measure.active) { out.hidden = true; return; }
    out.hidden = false;
    if (pts.length < 2) { out.textContent = pts.length === 0 ? "Click on the map to start measuring" : "Click the next point"; return; }
    const last = pts.length - 1;
    const leg = distanceNm(pts[last - 1], pts[last]);
    out.textContent = `${total.toFixed(1)} nm (${(total * 1.852).toFixed(1)} km) · last leg ${leg.toFixed(1)} nm, ${formatBearing(bearing(pts[last - 1], pts[last]))}°T`;
  }

  // ---- picking a position for the sighting form ----
  startPick(onPick) {
    this.pickHandler = (lngLat) => { this.stopPick(); this.setPickMarker([lngLat.lng, lngLat.lat]); onPick(lngLat); };
    this.map.getCanvas().style.cursor = "crosshair";
  }

  stopPick() { this.pickHandler = null; this.map.getCanvas().style.cursor = ""; }

  setPickMarker(coordinates) {
    if (!this.ready) return;
    this.geoJson("pick").setData(coordinates
      ? { type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "Point", coordinates }, properties: {} }] }
      : EMPTY);
  }

  setLayerVisible(ids, visible) {
    for (const id of ids) {
      if (id === "vessels") { this.vessels.visible = visible; this.map.triggerRepaint(); continue; }
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
    }
  }
}

// Centre of the largest ring's bounding box: good enough to place a label inside these convex-ish regions.
function labelPoint(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  for (const poly of polygons) {
    const xs = poly[0].map((c) => c[0]), ys = poly[0].map((c) => c[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (!best || area > best.area) best = { area, box };
  }
  return [(best.box[0] + best.box[2]) / 2, (best.box[1] + best.box[3]) / 2];
}
