// @ts-check
// Replay for analysts (and operators, of their incidents): an incident (vessels within a radius of its sightings) or the
// current map area over a time window, with a time slider, play/pause and speed. The server (/hubs/replay) sends the
// picture as it was: a snapshot first, then deltas. Seeking, pausing or changing speed cancels the stream (the server
// stops its query) and starts another from the new instant; dragging the slider while paused asks for one snapshot.
// Drawn in its own sources and layers; the live layers are hidden while the replay view is open.

/* global signalR */
import { api, getToken } from "./api.js";
import { toDdm, circlePolygon } from "./geo.js";
import { formatTime, parseTimeInput, toUtcInput } from "./time.js";
import { renderExportButtons } from "./exports.js";
import { t, html } from "./i18n.js";

/** An element of index.html by id; read as an input, which covers the form controls looked up this way. */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const EMPTY = { type: "FeatureCollection", features: [] };
const SOURCES = ["replay-area", "replay-trails", "replay-vessels", "replay-sightings", "replay-events"];
const LIVE_LAYERS = ["incidents", "incident-selected", "sightings", "sighting-uncertainty", "responders", "responder-lines"];
const TRAIL_POINTS = 30;
const SLIDER_STEPS = 1000;

const iso = (ms) => new Date(ms).toISOString();
const utcText = (ms) => formatTime(ms);
// The window is typed in UTC (the label says so) as ISO text, "2026-11-27 06:00", whatever the browser's locale.
const toInput = (ms) => toUtcInput(ms);
const fromInput = (value) => { const p = parseTimeInput(value); return p.value ? Date.parse(`${p.value}Z`) : NaN; };

export class ReplayView {
  constructor({ me, liveMap, log }) {
    this.me = me;
    this.liveMap = liveMap;
    this.map = liveMap.map;
    this.log = log;
    this.active = false;
    this.playing = false;
    /** @type {{ from: number, to: number, incidentId?: string } | null} */
    this.request = null; // the target and window last loaded
    this.at = null; // scenario instant shown (epoch ms)
    this.vessels = new Map(); // mmsi → fix
    this.trails = new Map(); // mmsi → [[lon, lat], …]
    this.sightings = new Map();
    this.events = [];
    this.frames = 0;
    this.generation = 0; // frames of an older stream are ignored after a seek
    this.mayReplayArea = me.roles.includes("analyst") || me.roles.includes("admin");
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/replay", { accessTokenFactory: getToken })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.onclose(() => { if (this.playing) this.setPlaying(false); });
    this.wire();
  }

  wire() {
    $("replay-kind").addEventListener("change", () => this.showKind());
    if (!this.mayReplayArea) $("replay-kind").querySelector("option[value=area]").remove();
    $("replay-form").addEventListener("submit", (e) => { e.preventDefault(); this.load().catch((err) => this.fail(err)); });
    $("replay-play").addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    $("replay-speed").addEventListener("change", () => { if (this.playing) this.play(); });
    $("replay-slider").addEventListener("input", () => { if (this.request) this.showTime(this.sliderTime()); });
    $("replay-slider").addEventListener("change", () => { if (this.request) this.seek(this.sliderTime()).catch((err) => this.fail(err)); });
    const now = Date.now();
    $("replay-from").value = toInput(now - 24 * 3600e3);
    $("replay-to").value = toInput(now);
    this.showKind();
  }

  showKind() {
    const area = $("replay-kind").value === "area";
    $("replay-incident-row").hidden = area;
    $("replay-area-hint").hidden = !area;
  }

  async setActive(active) {
    if (active === this.active) return;
    this.active = active;
    if (!active) { this.pause(); this.setLiveLayersVisible(true); this.setReplayLayersVisible(false); return; }
    await this.whenMapReady();
    this.addLayers();
    this.setLiveLayersVisible(false);
    this.setReplayLayersVisible(true);
    await this.fillIncidents().catch((err) => this.fail(err));
    if (this.connection.state === "Disconnected") await this.connection.start().catch((err) => this.fail(err));
  }

  async whenMapReady() {
    while (!this.liveMap.ready) await new Promise((r) => setTimeout(r, 50));
  }

  async fillIncidents() {
    const list = await api("/api/incidents?includeClosed=true");
    const select = $("replay-incident");
    const current = select.value;
    select.replaceChildren(...list.map((i) => {
      const o = document.createElement("option");
      o.value = i.id;
      o.textContent = `${i.reference} · ${t(`panel.phaseName.${i.phase}`)} · ${i.coordinatingCentreCode}`;
      return o;
    }));
    if (current && list.some((i) => i.id === current)) select.value = current;
    $("replay-no-incidents").hidden = list.length > 0;
  }

  addLayers() {
    const map = this.map;
    if (map.getSource("replay-vessels")) return;
    for (const id of SOURCES) map.addSource(id, { type: "geojson", data: EMPTY });
    map.addLayer({ id: "replay-area", type: "line", source: "replay-area", paint: { "line-color": "#6a3d9a", "line-width": 1.5, "line-dasharray": [3, 2] } });
    map.addLayer({ id: "replay-trails", type: "line", source: "replay-trails", paint: { "line-color": "#0d8c66", "line-width": 1.2, "line-opacity": 0.55 } });
    map.addLayer({ id: "replay-vessels", type: "circle", source: "replay-vessels",
      paint: { "circle-radius": 4.5, "circle-color": ["case", ["get", "moving"], "#0d8c66", "#1c5e4a"], "circle-stroke-color": "#02261e", "circle-stroke-width": 1 } });
    map.addLayer({ id: "replay-sightings", type: "circle", source: "replay-sightings",
      paint: { "circle-radius": 5, "circle-color": "#6a3d9a", "circle-stroke-color": "#fff", "circle-stroke-width": 1.5 } });
    map.addLayer({ id: "replay-events", type: "circle", source: "replay-events",
      paint: { "circle-radius": 9, "circle-color": "rgba(0,0,0,0)", "circle-stroke-width": 2.5,
               "circle-stroke-color": ["match", ["get", "source"], "detection", "#b8005c", "#e06a00"] } });
    map.on("click", "replay-vessels", (e) => {
      const p = e.features[0].properties;
      this.popup(e.lngLat, t("replay.vesselPopup", { mmsi: String(p.mmsi), position: toDdm(e.lngLat.lat, e.lngLat.lng, 2), sog: p.sog ?? "?", cog: p.cog ?? "?", time: formatTime(p.observedAt) }));
    });
    map.on("click", "replay-events", (e) => this.popup(e.lngLat, e.features[0].properties.summary));
  }

  popup(lngLat, text) {
    import("/lib/maplibre/maplibre-gl.mjs").then((m) => new m.Popup().setLngLat(lngLat).setText(text).addTo(this.map));
  }

  setReplayLayersVisible(visible) {
    for (const id of SOURCES) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
  }

  setLiveLayersVisible(visible) {
    this.liveMap.vessels.visible = visible && (document.querySelector("input[data-layers=vessels]")?.checked ?? true);
    for (const id of LIVE_LAYERS) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
    this.map.triggerRepaint();
  }

  /** What to replay, from the form: an incident (the server fills in its window when none is typed) or the map's area. */
  formRequest() {
    const from = fromInput($("replay-from").value), to = fromInput($("replay-to").value);
    const window = Number.isFinite(from) && Number.isFinite(to) ? { from: iso(from), to: iso(to) } : {};
    if ($("replay-kind").value === "area") {
      const b = this.map.getBounds();
      const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
      return { west: clamp(b.getWest(), 180), south: clamp(b.getSouth(), 90), east: clamp(b.getEast(), 180), north: clamp(b.getNorth(), 90), ...window };
    }
    const incidentId = $("replay-incident").value;
    if (!incidentId) throw new Error(t("replay.pickIncident"));
    const radiusNm = Number($("replay-radius").value) || 50;
    return { incidentId, radiusNm, ...($("replay-window-auto").checked ? {} : window) };
  }

  async load() {
    this.pause();
    $("replay-error").textContent = "";
    const request = this.formRequest();
    const frame = await this.connection.invoke("PictureAt", request);
    // The window the server settled on (defaults for an incident) becomes the slider's range.
    this.request = { ...request, from: frame.from, to: frame.to };
    this.from = Date.parse(frame.from);
    this.to = Date.parse(frame.to);
    $("replay-from").value = toInput(this.from);
    $("replay-to").value = toInput(this.to);
    $("replay-controls").hidden = false;
    this.drawTarget(frame.target);
    this.reset();
    this.apply(frame);
    this.fit(frame.target);
    this.renderExports(frame.target);
    this.log?.(`replay loaded: ${utcText(this.from)} – ${utcText(this.to)}`);
  }

  // An instant of the window as the server reads it. At the window's edges the server's own `from`/`to` go back as they
  // came: epoch milliseconds drop a sub-millisecond part, which would put the start just outside the window.
  startText(ms) {
    if (ms <= this.from) return this.request.from;
    if (ms >= this.to) return this.request.to;
    return iso(ms);
  }

  sliderTime() { return this.from + (Number($("replay-slider").value) / SLIDER_STEPS) * (this.to - this.from); }

  async seek(ms) {
    if (this.playing) { this.play(ms); return; }
    const generation = ++this.generation;
    const frame = await this.connection.invoke("PictureAt", { ...this.request, start: this.startText(ms) });
    if (generation !== this.generation) return;
    this.reset();
    this.apply(frame);
  }

  play(fromMs) {
    if (!this.request) return;
    this.cancelStream();
    let start = fromMs ?? this.at ?? this.from;
    if (start >= this.to) start = this.from; // play again from the beginning
    const speed = Number($("replay-speed").value);
    const generation = ++this.generation;
    this.setPlaying(true);
    this.stream = this.connection.stream("Stream", { ...this.request, start: this.startText(start), speed }).subscribe({
      next: (frame) => {
        if (generation !== this.generation) return;
        if (frame.snapshot) this.reset();
        this.apply(frame);
        if (frame.end) this.setPlaying(false);
      },
      complete: () => { if (generation === this.generation) this.setPlaying(false); },
      error: (err) => { if (generation === this.generation) { this.setPlaying(false); this.fail(err); } },
    });
  }

  pause() {
    this.generation++;
    this.cancelStream();
    this.setPlaying(false);
  }

  cancelStream() {
    // Disposing the subscription sends CancelInvocation: the server stops the stream and its query.
    this.stream?.dispose();
    this.stream = null;
  }

  setPlaying(playing) {
    this.playing = playing;
    $("replay-play").textContent = playing ? t("replay.pause") : t("replay.play");
    $("replay-play").setAttribute("aria-pressed", String(playing));
  }

  reset() {
    this.vessels.clear();
    this.trails.clear();
    this.sightings.clear();
    this.events = [];
  }

  apply(frame) {
    this.frames++;
    for (const v of frame.vessels) {
      this.vessels.set(v.mmsi, v);
      const trail = this.trails.get(v.mmsi) ?? [];
      const last = trail[trail.length - 1];
      if (!last || last[0] !== v.longitude || last[1] !== v.latitude) trail.push([v.longitude, v.latitude]);
      if (trail.length > TRAIL_POINTS) trail.shift();
      this.trails.set(v.mmsi, trail);
    }
    for (const mmsi of frame.removed) { this.vessels.delete(mmsi); this.trails.delete(mmsi); }
    for (const s of frame.sightings) this.sightings.set(s.id, s);
    if (frame.events.length) this.events.push(...frame.events);
    this.at = Date.parse(frame.at);
    this.render();
  }

  render() {
    const point = (lon, lat, properties) => ({ type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties });
    this.map.getSource("replay-vessels")?.setData({ type: "FeatureCollection", features: [...this.vessels.values()].map((v) =>
      point(v.longitude, v.latitude, { mmsi: v.mmsi, observedAt: v.observedAt, sog: v.speedKnots, cog: v.courseDegrees, moving: (v.speedKnots ?? 0) >= 0.5 })) });
    this.map.getSource("replay-trails")?.setData({ type: "FeatureCollection", features: [...this.trails.entries()].filter(([, t]) => t.length > 1)
      .map(([mmsi, t]) => ({ type: "Feature", geometry: { type: "LineString", coordinates: t }, properties: { mmsi } })) });
    this.map.getSource("replay-sightings")?.setData({ type: "FeatureCollection", features: [...this.sightings.values()].map((s) =>
      point(s.longitude, s.latitude, { id: s.id, observedAt: s.observedAt, description: s.boatDescription })) });
    this.map.getSource("replay-events")?.setData({ type: "FeatureCollection", features: this.events.filter((e) => e.latitude != null).map((e) =>
      point(e.longitude, e.latitude, { id: e.id, kind: e.kind, source: e.source, summary: `${utcText(Date.parse(e.at))} ${e.incidentReference ?? ""} ${e.kind}: ${e.summary}` })) });
    this.showTime(this.at);
    $("replay-slider").value = String(Math.round(((this.at - this.from) / (this.to - this.from)) * SLIDER_STEPS));
    $("replay-counts").textContent = [t("replay.vessels", { count: this.vessels.size }), t("replay.sightings", { count: this.sightings.size }), t("replay.eventCount", { count: this.events.length })].join(" · ");
    // Kinds and summaries are the server's English (the timeline's words), marked so.
    $("replay-event-list").innerHTML = String(html`${this.events.slice(-30).reverse().map((e) =>
      html`<li><span class="kind" lang="en">${e.kind}</span> ${utcText(Date.parse(e.at))} ${e.incidentReference ?? ""} <span lang="en">${e.summary}</span></li>`)}`);
  }

  showTime(ms) { $("replay-time").textContent = ms == null ? "—" : utcText(ms); }

  /** The loaded window as a file: AIS tracks (and, for an incident, its sightings and events) from the history API. */
  renderExports(target) {
    const window = `from=${encodeURIComponent(iso(this.from))}&to=${encodeURIComponent(iso(this.to))}`;
    const urlFor = target.kind === "incident"
      ? (format) => `/api/history/incidents/${encodeURIComponent(this.request.incidentId)}/positions?${window}&distance=${Math.round(target.radiusNm * 1852)}&format=${format}&shape=tracks`
      : (format) => `/api/history/positions?bbox=${target.box.map((d) => d.toFixed(4)).join(",")}&${window}&format=${format}&shape=tracks`;
    renderExportButtons($("replay-exports"), {
      urlFor, fallbackName: target.kind === "incident" ? `replay-${target.incidentReference}` : "replay-area", testid: "replay-export",
      report: (text, kind) => { $("replay-export-result").textContent = text; $("replay-export-result").className = `small ${kind === "error" ? "field-error" : "muted"}`; },
    });
  }

  drawTarget(target) {
    const features = target.kind === "incident"
      ? target.centres.map((c) => ({ type: "Feature", geometry: circlePolygon(c, target.radiusNm), properties: {} }))
      : [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[
          [target.box[0], target.box[1]], [target.box[2], target.box[1]], [target.box[2], target.box[3]], [target.box[0], target.box[3]], [target.box[0], target.box[1]]]] } }];
    this.map.getSource("replay-area").setData({ type: "FeatureCollection", features });
    $("replay-target").textContent = target.kind === "incident"
      ? t("replay.targetIncident", { reference: target.incidentReference, radius: String(target.radiusNm), count: String(target.centres.length) })
      : t("replay.targetArea", { box: target.box.map((d) => d.toFixed(2)).join(", ") });
  }

  fit(target) {
    if (target.kind !== "incident") return;
    const margin = (target.radiusNm / 60) * 1.1;
    const lons = target.centres.map((c) => c[0]), lats = target.centres.map((c) => c[1]);
    this.map.fitBounds([[Math.min(...lons) - margin, Math.min(...lats) - margin], [Math.max(...lons) + margin, Math.max(...lats) + margin]], { animate: false, padding: 20 });
  }

  fail(err) {
    // HubException text comes after the SignalR prefix; it names the field at fault ("to: to must be after from.").
    const message = String(err?.message ?? err).replace(/^.*HubException: /, "");
    $("replay-error").textContent = message;
    this.log?.(`replay: ${message}`);
  }
}
