// @ts-check
// The console: sign-in (token from the local development issuer or an external one), the live map, the incident
// workspace and the sighting form, each shown only to the roles that may use it (the server enforces the same rules).
// Everything is served by this server (offline by design); no tiles, no glyphs, no CDN.

import { api, setToken, getToken } from "./js/api.js";
import { LiveMap } from "./js/map.js";
import { SituationFeed } from "./js/hub.js";
import { IncidentWorkspace, describeEvent } from "./js/incidents.js";
import { SightingForm } from "./js/sighting-form.js";
import { ReplayView } from "./js/replay.js";
import { WatchPanel } from "./js/watch.js";
import { initTheme } from "./js/theme.js";
import { setCentre, setTimeMode, timeMode, localZoneName, timeElement } from "./js/time.js";
import { AlertCentre, alertFor } from "./js/alerts.js";
import { SearchTab } from "./js/search.js";
import { t, setLanguage, language, preferredLanguage, wireLanguagePicker, missing } from "./js/i18n.js";
import { IntakePanel } from "./js/intake.js";

/** An element of index.html by id; read as an input, which covers the form controls looked up this way. */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
// Read by the browser tests (and handy in the devtools console).
const state = { token: null, me: null, hub: null, hubConnected: false, mapReady: false, timings: {}, i18n: { language, missing } };
Object.defineProperty(state, "incidents", { get: () => state.workspace?.incidents ?? new Map() });
window.mcoord = state;

function readToken() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get("token");
  if (fromHash) {
    sessionStorage.setItem("mcoord.token", fromHash);
    history.replaceState(null, "", location.pathname); // keep the token out of history and screenshots
  }
  return sessionStorage.getItem("mcoord.token");
}

function logEvent(text) {
  const li = document.createElement("li");
  li.append(timeElement(Date.now(), { seconds: true }), ` ${text}`);
  $("events").prepend(li);
  while ($("events").children.length > 80) $("events").lastChild.remove();
}


function setHubStatus(status) {
  state.hubConnected = status === "live";
  const text = ["live", "reconnecting", "offline"].includes(status) ? t(`hub.${status}`) : status;
  $("hub-status").textContent = text;
  $("hub-status").classList.toggle("online", status === "live");
  $("hub-status").classList.toggle("warn", status === "reconnecting");
  if (status !== "live") logEvent(t("hub.logStatus", { status: text }));
}

function showView(view) {
  document.body.dataset.view = view;
  for (const b of document.querySelectorAll("#views button")) b.setAttribute("aria-pressed", String(b.dataset.view === view));
  for (const s of document.querySelectorAll("[data-view-panel]")) s.hidden = s.dataset.viewPanel !== view || !state.views.includes(view);
  if (view !== "incidents") $("incident-panel").hidden = true;
  else if (state.workspace?.selected) $("incident-panel").hidden = false;
  state.replay?.setActive(view === "replay");
  state.map?.resize();
}

async function start() {
  state.timings.start = performance.now();
  state.token = readToken();
  if (!state.token) { showSignIn(); return; }
  setToken(state.token);
  // The map (style, workers) starts while the token is checked: first paint is what an operator waits for.
  const liveMap = new LiveMap("map");
  state.liveMap = liveMap;
  state.map = liveMap.map;
  state.vessels = liveMap.vessels;
  try {
    state.me = await api("/api/me");
  } catch (e) {
    liveMap.map.remove();
    sessionStorage.removeItem("mcoord.token");
    showSignIn(e.message);
    return;
  }
  state.timings.signedIn = performance.now();
  const me = state.me;
  // The user's own language, if they chose one on this device, before any module draws a word.
  if (preferredLanguage(me.subject) !== language()) await setLanguage(preferredLanguage(me.subject));
  wireLanguagePicker($("language"), me.subject);
  const has = (...roles) => roles.some((r) => me.roles.includes(r));
  // The name gets the room; role and centre may be cut on a phone (the title has them all).
  $("user").innerHTML = "";
  $("user").append(Object.assign(document.createElement("span"), { className: "user-name", textContent: me.name }),
    Object.assign(document.createElement("span"), { className: "user-role", textContent: ` · ${me.roles.join(", ")}${me.centre ? ` · ${me.centre}` : ""}` }));
  wireTimeMode(me);
  $("user").title = t("header.signedInAs", { subject: me.subject });
  $("sign-out").hidden = false;

  // What each role may use (server policies: ReadIncidents = operator/admin/analyst; LogSighting = liaison/operator/admin
  // with a centre; the live hub and every incident command = operator/admin). Controls a role may not use are not shown.
  const mayReadIncidents = has("operator", "admin", "analyst");
  const mayLogSightings = has("liaison", "operator", "admin") && !!me.centre;
  const mayWatchLive = has("operator", "admin");
  const mayReplay = has("operator", "admin", "analyst"); // operators: their incidents; analysts and admins: any incident or area
  state.views = [...(mayReadIncidents ? ["incidents"] : []), ...(mayLogSightings ? ["sighting"] : []), ...(mayReplay ? ["replay"] : [])];
  $("views").hidden = state.views.length < 2;
  for (const b of document.querySelectorAll("#views button")) {
    b.hidden = !state.views.includes(b.dataset.view);
    b.addEventListener("click", () => showView(b.dataset.view));
  }
  document.body.dataset.roles = me.roles.join(" ");
  if (has("admin")) {
    for (const path of ["/hangfire", "/scalar", "/openapi"]) document.cookie = `mcoord_access_token=${state.token}; path=${path}; SameSite=Strict`;
    $("jobs-link").hidden = false;
    $("api-link").hidden = false;
  }
  if (!mayWatchLive) { $("hub-status").textContent = t("hub.noFeed"); $("hub-status").classList.add("muted-status"); }
  wireMapTools(liveMap);

  if (mayWatchLive) { state.alerts = new AlertCentre(); $("alert-sound").hidden = false; }
  if (mayReadIncidents) state.workspace = new IncidentWorkspace({ me, liveMap, log: logEvent, toast, alerts: state.alerts });
  if (mayReadIncidents) state.search = new SearchTab({ me, liveMap, log: logEvent, feed: () => state.feed });
  if (mayReadIncidents) state.watch = new WatchPanel({ me, liveMap, log: logEvent, toast, alerts: state.alerts });
  if (mayWatchLive) state.intake = new IntakePanel({ me, log: logEvent }); // held SMS/e-mail reports (js/intake.js)
  if (mayLogSightings) state.sightingForm = new SightingForm({ me, liveMap, log: logEvent });
  if (mayReplay) state.replay = new ReplayView({ me, liveMap, log: logEvent });
  showView(state.views[0] ?? "incidents");

  const feed = mayWatchLive ? connectFeed(me, liveMap) : null;
  // Layers, incidents and the live feed are fetched side by side.
  await Promise.all([
    liveMap.addLayers().then(() => { state.mapReady = true; }),
    state.workspace?.load(),
    state.watch?.load(),
    state.intake?.load(),
    feed?.start(),
  ]);
  // First meaningful paint: the first complete frame with land, SAR regions, centres and incidents on the map.
  state.map.once("idle", () => {
    state.timings.firstMeaningfulPaint = performance.now();
    document.body.dataset.painted = "true";
    liveMap.addDeferredLayers().catch((e) => logEvent(t("map.sea12Failed", { message: e.message })));
  });
  state.map.triggerRepaint();
  setInterval(() => {
    $("vessel-count").textContent = liveMap.vessels.count ? t("map.vesselCount", { count: liveMap.vessels.count }) : "";
  }, 1000);
  document.body.dataset.ready = "true";
}

function connectFeed(me, liveMap) {
  const feed = new SituationFeed(getToken, {
    onStatus: setHubStatus,
    onEvent: async (name, e) => {
      if (name === "vesselPositionsUpdated") { liveMap.vessels.update(e.positions); return; }
      logEvent(describeEvent(name, e));
      if (name === "sightingLogged") {
        liveMap.addSighting({ id: e.sightingId, incidentId: e.incidentId, observedAt: e.observedAt, latitude: e.latitude, longitude: e.longitude,
          boatDescription: e.boatDescription, personsOnBoard: e.personsOnBoard, condition: e.condition, uncertaintyNm: e.positionUncertaintyNm ?? null });
      }
      if (name === "handoverSuggested") toast(describeEvent(name, e));
      // My offer answered: a decline (or an expiry) says so as an offer does; acceptance is plain in the panel too.
      if (name === "incidentHandoverChanged" && me.centre && e.fromCentreCode === me.centre && e.step !== "proposed") {
        toast(t(`handover.answer.${e.step}`, { reference: e.reference, centre: e.toCentreCode })
          + (e.reason ? ` — ${e.reason}` : ""),
          e.step === "accepted" ? "info" : "warning");
      }
      const alert = state.alerts && alertFor(name, e, me);
      if (alert) state.alerts.raise({ ...alert, onOpen: alert.incidentId && state.workspace ? () => state.workspace.open(alert.incidentId, { fly: true }) : null });
      state.watch?.onEvent(name, e);
      state.intake?.onEvent(name, e);
      state.search?.onEvent(name, e).catch((err) => logEvent(`${t("tabs.search")}: ${err.message}`));
      await state.workspace?.onEvent(name, e);
    },
    // Numbered events missed while disconnected are caught up by the feed itself; the open panel is reloaded too.
    onReconnected: async () => { await Promise.all([state.workspace?.load(), state.watch?.load(), state.intake?.load()]); state.sightingForm?.flush(); },
  });
  state.hub = feed.connection;
  state.feed = feed;
  feed.followMap(liveMap.map); // AIS filtered on the server to what the map shows
  return feed;
}

function wireTimeMode(me) {
  setCentre(me.centre);
  const button = $("time-mode");
  const render = () => {
    const local = timeMode() === "local";
    button.setAttribute("aria-pressed", String(local));
    const zone = localZoneName() === "this device" ? t("time.thisDevice") : localZoneName();
    button.textContent = local ? t("time.localButton", { zone }) : "UTC";
    button.title = local ? t("time.localTitle") : t("time.utcTitle");
  };
  button.hidden = false;
  button.addEventListener("click", () => { setTimeMode(timeMode() === "local" ? "utc" : "local"); render(); });
  render();
}

function wireMapTools(liveMap) {
  const toggle = $("measure-toggle");
  toggle.addEventListener("click", () => {
    const active = !liveMap.measure.active;
    liveMap.setMeasure(active);
    toggle.setAttribute("aria-pressed", String(active));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && liveMap.measure.active) { liveMap.setMeasure(false); toggle.setAttribute("aria-pressed", "false"); }
  });
  for (const box of document.querySelectorAll("input[data-layers]")) {
    box.addEventListener("change", () => liveMap.setLayerVisible(box.dataset.layers.split(","), box.checked));
  }
}

function toast(text, severity = "info", { sticky = false } = {}) {
  const div = document.createElement("div");
  div.className = `toast ${severity}`;
  div.dataset.testid = "toast";
  div.setAttribute("role", severity === "critical" ? "alert" : "status");
  div.textContent = text;
  /** @type {HTMLElement | null} */
  let stack = $("toasts");
  if (!stack) { stack = document.createElement("div"); stack.id = "toasts"; stack.className = "toasts"; document.body.append(stack); }
  if (sticky) div.classList.add("sticky");
  // Only passing toasts make room: a sticky alert leaves when it is acknowledged, never to make space.
  while (stack.querySelectorAll(".toast:not(.sticky)").length >= 4) stack.querySelector(".toast:not(.sticky)").remove();
  stack.append(div);
  if (sticky) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.textContent = t("common.dismiss");
    close.addEventListener("click", () => div.remove());
    div.append(" ", close);
    return;
  }
  setTimeout(() => div.remove(), 8000);
}

function showSignIn(message) {
  wireLanguagePicker($("language"), null);
  $("sign-in").hidden = false;
  $("legend").hidden = true;
  $("events-panel").hidden = true;
  $("sign-in-error").textContent = message ?? "";
}

$("sign-in").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("mcoord.token", $("token-input").value.trim());
  location.reload();
});
$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem("mcoord.token");
  for (const path of ["/hangfire", "/scalar", "/openapi"]) document.cookie = `mcoord_access_token=; path=${path}; max-age=0`;
  location.reload();
});

// The page's language first (this device's last choice, else the browser's); the user's own once signed in.
await setLanguage(preferredLanguage(null));
initTheme(() => state.map);
start().catch((e) => { console.error(e); logEvent(`error: ${e.message}`); });
