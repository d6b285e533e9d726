// The live picture: base layers and SAR regions from the server, incidents kept current over SignalR.
// Everything is served by this server (offline by design); no tiles, no glyphs, no CDN.
import * as maplibregl from "/lib/maplibre/maplibre-gl.mjs";

const PHASE_COLOURS = ["match", ["get", "phase"], "alert", "#e06a00", "distress", "#c4001a", "#d4a106"];
const state = { token: null, me: null, incidents: new Map(), hub: null, mapReady: false, hubConnected: false };
window.mcoord = state; // read by the browser tests

const $ = (id) => document.getElementById(id);

function readToken() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get("token");
  if (fromHash) {
    sessionStorage.setItem("mcoord.token", fromHash);
    history.replaceState(null, "", location.pathname); // keep the token out of history and screenshots
  }
  return sessionStorage.getItem("mcoord.token");
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${state.token}` } });
  if (response.status === 401) throw Object.assign(new Error("Your token was refused (expired or invalid)."), { status: 401 });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function toDdm(value, positive, negative, width) {
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = (abs - deg) * 60;
  if (min >= 59.9995) { deg += 1; min = 0; }
  return `${String(deg).padStart(width, "0")}°${min.toFixed(3).padStart(6, "0")}'${value < 0 ? negative : positive}`;
}
const ddm = (lat, lon) => `${toDdm(lat, "N", "S", 2)} ${toDdm(lon, "E", "W", 3)}`;

function logEvent(text) {
  const li = document.createElement("li");
  li.textContent = `${new Date().toISOString().slice(11, 19)} ${text}`;
  $("events").prepend(li);
  while ($("events").children.length > 50) $("events").lastChild.remove();
}

function incidentFeatures() {
  return {
    type: "FeatureCollection",
    features: [...state.incidents.values()].map((i) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [i.longitude, i.latitude] },
      properties: { id: i.id, reference: i.reference, phase: i.phase, personsOnBoard: i.personsOnBoard ?? -1, stale: !!i.isStale },
    })),
  };
}

function renderIncidents() {
  const list = $("incidents");
  list.replaceChildren();
  const sorted = [...state.incidents.values()].sort((a, b) => (b.lastSightingAt ?? "").localeCompare(a.lastSightingAt ?? ""));
  for (const i of sorted) {
    const li = document.createElement("li");
    li.dataset.reference = i.reference;
    li.innerHTML = `<span class="ref"></span> <span class="phase phase-${i.phase}"></span><br><span class="where"></span>`;
    li.querySelector(".ref").textContent = i.reference;
    li.querySelector(".phase").textContent = i.phase;
    li.querySelector(".where").textContent =
      `${ddm(i.latitude, i.longitude)} · POB ${i.personsOnBoard ?? "?"} · ${i.coordinatingCentreCode}${i.isStale ? " · STALE" : ""}`;
    li.addEventListener("click", () => state.map.flyTo({ center: [i.longitude, i.latitude], zoom: 7 }));
    list.append(li);
  }
  $("incident-count").textContent = String(state.incidents.size);
  if (state.mapReady) state.map.getSource("incidents").setData(incidentFeatures());
}

function upsertIncident(partial) {
  const current = state.incidents.get(partial.id) ?? {};
  state.incidents.set(partial.id, { ...current, ...partial });
  renderIncidents();
}

async function loadIncidents() {
  if (!state.me.roles.some((r) => r === "operator" || r === "admin" || r === "analyst")) return;
  const incidents = await api("/api/incidents");
  state.incidents = new Map(incidents.map((i) => [i.id, i]));
  renderIncidents();
}

function buildMap() {
  const map = new maplibregl.Map({
    container: "map",
    center: [115, -5],
    zoom: 3.2,
    attributionControl: { compact: true, customAttribution: "Natural Earth · © OpenStreetMap contributors (ODbL) · GFW/Marine Regions · approximate SAR regions: NOT FOR OPERATIONAL USE" },
    style: {
      version: 8,
      sources: {},
      layers: [{ id: "sea", type: "background", paint: { "background-color": "#cfe3f0" } }],
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  map.addControl(new maplibregl.ScaleControl({ unit: "nautical" }));
  map.on("mousemove", (e) => { $("cursor").textContent = ddm(e.lngLat.lat, e.lngLat.lng); });
  state.map = map;
  return new Promise((resolve) => map.on("load", () => resolve(map)));
}

async function addLayers(map) {
  const [coastline, sea12, eez, regions, centres] = await Promise.all([
    api("/api/map/layers/coastline"), api("/api/map/layers/territorial-sea"), api("/api/map/layers/eez"),
    api("/api/map/sar-regions"), api("/api/map/rescue-centres"),
  ]);
  map.addSource("eez", { type: "geojson", data: eez });
  map.addSource("sea12", { type: "geojson", data: sea12 });
  map.addSource("coastline", { type: "geojson", data: coastline });
  map.addSource("sar-regions", { type: "geojson", data: regions });
  map.addSource("centres", { type: "geojson", data: centres });
  map.addSource("incidents", { type: "geojson", data: incidentFeatures() });

  map.addLayer({ id: "eez-line", type: "line", source: "eez", paint: { "line-color": "#7fa7c2", "line-width": 0.6, "line-dasharray": [1, 2] } });
  map.addLayer({ id: "sea12-fill", type: "fill", source: "sea12", paint: { "fill-color": "#b6d4e8" } });
  map.addLayer({ id: "sea12-line", type: "line", source: "sea12", paint: { "line-color": "#3c8dbc", "line-width": 0.7 } });
  map.addLayer({ id: "land", type: "fill", source: "coastline", paint: { "fill-color": "#efe9dc", "fill-outline-color": "#a59f8f" } });
  map.addLayer({ id: "sar-published", type: "line", source: "sar-regions", filter: ["!", ["get", "approximate"]],
    paint: { "line-color": "#1d4e89", "line-width": 2 } });
  map.addLayer({ id: "sar-approximate", type: "line", source: "sar-regions", filter: ["get", "approximate"],
    paint: { "line-color": "#1d4e89", "line-width": 1.6, "line-dasharray": [4, 3] } });
  map.addLayer({ id: "centres", type: "circle", source: "centres",
    paint: { "circle-radius": 5, "circle-color": "#fff", "circle-stroke-color": "#1d4e89", "circle-stroke-width": 2 } });
  map.addLayer({ id: "incidents", type: "circle", source: "incidents",
    paint: { "circle-radius": 8, "circle-color": PHASE_COLOURS, "circle-stroke-color": "#000", "circle-stroke-width": 1.5,
             "circle-opacity": ["case", ["get", "stale"], 0.45, 0.95] } });

  // Symbol layers need a glyph server; HTML markers label the regions instead, so the map stays fully offline.
  // The server gives a point inside each region (ST_PointOnSurface); the bounding-box centre is the fallback.
  for (const f of regions.features) {
    const [lon, lat] = f.properties.labelPoint ?? labelPoint(f.geometry);
    const el = document.createElement("div");
    el.className = "region-label";
    el.textContent = `${f.properties.code} SRR${f.properties.approximate ? " (approx.)" : ""}`;
    new maplibregl.Marker({ element: el }).setLngLat([lon, lat]).addTo(map);
  }
  map.on("click", "incidents", (e) => {
    const p = e.features[0].properties;
    new maplibregl.Popup().setLngLat(e.lngLat).setText(`${p.reference} · ${p.phase} · POB ${p.personsOnBoard < 0 ? "?" : p.personsOnBoard}`).addTo(map);
  });
  state.mapReady = true;
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

async function connectHub() {
  if (!state.me.roles.some((r) => r === "operator" || r === "admin")) return;
  const hub = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/situation", { accessTokenFactory: () => state.token })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .build();
  const setStatus = (online) => {
    state.hubConnected = online;
    $("hub-status").textContent = online ? "live" : "reconnecting…";
    $("hub-status").classList.toggle("online", online);
  };
  // Delivery is at least once (outbox → bus → hub), so the same event may arrive twice: apply each once.
  const seen = new Set();
  const once = (key) => { if (seen.has(key)) return false; seen.add(key); if (seen.size > 5000) seen.clear(); return true; };
  hub.on("incidentOpened", (e) => {
    if (!once(`opened:${e.incidentId}`)) return;
    upsertIncident({ id: e.incidentId, reference: e.reference, phase: e.phase, latitude: e.latitude, longitude: e.longitude,
      personsOnBoard: e.personsOnBoard, coordinatingCentreCode: e.coordinatingCentreCode, lastSightingAt: e.openedAt, isStale: false });
    logEvent(`${e.reference} opened (${e.phase}) at ${ddm(e.latitude, e.longitude)} → ${e.coordinatingCentreCode}`);
  });
  hub.on("sightingLogged", (e) => {
    if (!once(`sighting:${e.sightingId}`)) return;
    const current = state.incidents.get(e.incidentId);
    const newer = !current || !current.lastSightingAt || e.observedAt >= current.lastSightingAt;
    upsertIncident({ id: e.incidentId, reference: e.incidentReference, phase: current?.phase ?? "uncertainty",
      coordinatingCentreCode: e.coordinatingCentreCode, isStale: false,
      ...(newer ? { latitude: e.latitude, longitude: e.longitude, lastSightingAt: e.observedAt,
                    personsOnBoard: e.personsOnBoard ?? current?.personsOnBoard } : {}) });
    logEvent(`sighting for ${e.incidentReference}: ${e.boatDescription} (POB ${e.personsOnBoard ?? "?"})`);
  });
  hub.on("incidentMarkedStale", (e) => {
    if (!once(`stale:${e.incidentId}:${e.markedAt}`)) return;
    upsertIncident({ id: e.incidentId, isStale: true });
    logEvent(`${e.reference} marked stale`);
  });
  hub.onreconnecting(() => setStatus(false));
  // Events missed while disconnected are recovered by reloading the list (sequence-numbered catch-up is issue #5).
  hub.onreconnected(async () => { setStatus(true); await loadIncidents(); });
  hub.onclose(() => setStatus(false));
  await hub.start();
  state.hub = hub;
  setStatus(true);
}

async function start() {
  state.token = readToken();
  if (!state.token) { showSignIn(); return; }
  try {
    state.me = await api("/api/me");
  } catch (e) {
    sessionStorage.removeItem("mcoord.token");
    showSignIn(e.message);
    return;
  }
  $("user").textContent = `${state.me.name} · ${state.me.roles.join(", ")}${state.me.centre ? ` · ${state.me.centre}` : ""}`;
  $("sign-out").hidden = false;
  $("incidents-panel").hidden = false;
  if (state.me.roles.includes("admin")) {
    document.cookie = `mcoord_access_token=${state.token}; path=/hangfire; SameSite=Strict`;
    $("jobs-link").hidden = false;
  }
  const map = await buildMap();
  await addLayers(map);
  await loadIncidents();
  await connectHub();
  document.body.dataset.ready = "true";
}

function showSignIn(message) {
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message ?? "";
}

$("sign-in").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("mcoord.token", $("token-input").value.trim());
  location.reload();
});
$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem("mcoord.token");
  document.cookie = "mcoord_access_token=; path=/hangfire; max-age=0";
  location.reload();
});

start().catch((e) => { console.error(e); logEvent(`error: ${e.message}`); });
