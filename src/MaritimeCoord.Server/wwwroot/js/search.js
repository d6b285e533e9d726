// @ts-check
// The incident workspace's Drift/Search tab: start a Leeway drift run (object class, seeding, forcing), watch its
// progress live, step through its output hours (particle cloud or probability heat map, 50/90/95 % containment, the
// IAMSAR manual datum circle), then plan the search for the tasked assets (sub-areas and tracks on the map, adjusted by
// handles or numbers), issue it, download each asset's route (RTZ/GPX), print one asset's plan on one page, and record
// what was searched (POS per asset, per plan and cumulative).
//
// It keeps to itself: it follows the open incident through #incident-panel's attributes (incidents.js renders that
// panel) and draws in its own map sources. Every time is shown and typed as 24-hour UTC text ("2026-12-07 06:00 UTC").
// Controls are rendered only for those who may use them (the coordinating centre's operators and admins); the server
// enforces the same rules (docs/drift-runs.md).

import { api, ApiError } from "./api.js";
import { toDdm, parseCoordinates, circlePolygon, NM } from "./geo.js";
import { t, html, raw, formatNumber, hasKey } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const EMPTY = { type: "FeatureCollection", features: [] };
const SOURCES = ["drift-grid", "drift-particles", "drift-containment", "drift-datum", "search-areas", "search-tracks", "search-handles"];
const CONTAINMENT_COLOURS = { 50: "#b2001e", 90: "#e06a00", 95: "#c99a00" };
// Search patterns, IAMSAR object types and Leeway object groups: codes the server knows, named in the reader's language
// (the IAMSAR letters of a pattern stay as they are in every language).
const PATTERN_CODES = ["parallel-sweep", "creeping-line", "expanding-square", "sector", "track-line"];
const OBJECT_TYPE_CODES = ["person-in-water", "life-raft-4-person", "life-raft-6-person", "life-raft-15-person", "life-raft-25-person",
  "boat-under-5-metres", "boat-7-metres", "boat-12-metres", "boat-24-metres"];
const patternName = (code) => (hasKey(`search.pattern.${code}`) ? t(`search.pattern.${code}`) : code);
const groupName = (group) => (hasKey(`search.group.${group}`) ? t(`search.group.${group}`) : group);
// A server word (run or plan status, direction, how much was searched) in the reader's language, else as it came.
const word = (kind, value) => (hasKey(`search.${kind}.${value}`) ? t(`search.${kind}.${value}`) : value);
const count = (n) => (typeof n === "number" ? formatNumber(n) : n);

/** "2026-12-07 06:00 UTC" (24-hour, UTC, whatever the browser's locale). */
export function utc(iso, { seconds = false } = {}) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, seconds ? 19 : 16).replace("T", " ")} UTC`;
}

/**
 * Parses a time typed as ISO 8601 or 24-hour text: "2026-12-07 06:00", "2026-12-07T06:00Z", "2026-12-07 0600 UTC",
 * "2026-12-07T14:00+08:00". Without an offset it is UTC (the field says so). Returns { iso } or { error }.
 */
export function parseUtc(text) {
  const typed = String(text ?? "").trim();
  if (!typed) return { error: t("search.time.empty") };
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):?(\d{2})(?::(\d{2}))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(typed);
  if (!m) return { error: t("search.time.format") };
  const [, y, mo, d, h, mi, s = "00", zone] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return { error: t("search.time.range") };
  let offset = "Z";
  if (zone && !/^(Z|UTC)$/i.test(zone)) offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) && offset === "Z") return { error: t("search.time.noSuchDate") };
  return { iso: date.toISOString() };
}

/** A rotated rectangle (centre, length along orientation °T, width across) as a closed lon/lat ring; flat Earth is enough for the sketch. */
export function rectangleRing(area) {
  const { lat, lon } = area.centre;
  const th = (area.orientationDegrees * Math.PI) / 180;
  const l = (area.lengthNm * NM) / 2, w = (area.widthNm * NM) / 2;
  const mPerDegLat = 111320, mPerDegLon = 111320 * Math.cos((lat * Math.PI) / 180);
  const along = [Math.sin(th), Math.cos(th)], across = [Math.cos(th), -Math.sin(th)];
  const corner = (a, c) => [lon + (a * along[0] + c * across[0]) / mPerDegLon, lat + (a * along[1] + c * across[1]) / mPerDegLat];
  const ring = [corner(l, -w), corner(l, w), corner(-l, w), corner(-l, -w)];
  return [...ring, ring[0]];
}

/** Offsets in metres (east, north) of a point from the area's centre, in the area's frame (along, across). */
function localOf(area, lngLat) {
  const mPerDegLat = 111320, mPerDegLon = 111320 * Math.cos((area.centre.lat * Math.PI) / 180);
  const e = (lngLat.lng - area.centre.lon) * mPerDegLon, n = (lngLat.lat - area.centre.lat) * mPerDegLat;
  const th = (area.orientationDegrees * Math.PI) / 180;
  return { e, n, along: e * Math.sin(th) + n * Math.cos(th), across: e * Math.cos(th) - n * Math.sin(th) };
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (p) => (p == null ? "—" : `${formatNumber(p * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const nm = (metres) => (metres == null ? "—" : `${formatNumber(metres / NM, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} nm`);

export class SearchTab {
  constructor({ me, liveMap, log, feed }) {
    this.me = me;
    this.liveMap = liveMap;
    this.log = log;
    this.feed = feed; // () => SituationFeed or null
    this.incident = null; // the workspace (GET /api/incidents/{id})
    this.classes = null;
    this.runs = [];
    this.run = null; // details of the run shown
    this.hour = 0;
    this.display = "particles";
    this.plans = [];
    this.plan = null;
    this.editing = null; // assetCode whose area is being edited
    this.draft = null; // the edited area before it is applied
    this.subscribed = new Set();
    this.progressSeen = []; // [runId, progress] as the live events came (read by the browser tests)
    this.layersAdded = false;
    this.active = false;
    this.mayPlan = false;
    this.tabs = $("incident-tabs");
    this.panel = $("search-panel");
    for (const b of this.tabs.querySelectorAll("button[data-tab]")) b.addEventListener("click", () => this.showTab(b.dataset.tab));
    // incidents.js opens, re-renders and closes #incident-panel; the tab follows it without a hook in that file.
    new MutationObserver(() => this.follow()).observe($("incident-panel"), { attributes: true, attributeFilter: ["hidden", "data-incident-id"] });
    window.addEventListener("afterprint", () => { delete document.body.dataset.print; });
  }

  get incidentId() { return this.incident?.incident.id ?? null; }

  follow() {
    const panel = $("incident-panel");
    const id = panel.hidden ? null : panel.dataset.incidentId ?? null;
    this.tabs.hidden = !id;
    if (!id) { this.showTab("workspace"); this.incident = null; this.clearMap(); return; }
    if (id !== this.incidentId) {
      this.incident = { incident: { id } };
      this.run = null; this.plan = null; this.runs = []; this.plans = []; this.editing = null;
      this.clearMap();
      if (this.active) this.load();
    }
  }

  showTab(tab) {
    this.active = tab === "search";
    document.body.dataset.incidentTab = tab;
    for (const b of this.tabs.querySelectorAll("button[data-tab]")) b.setAttribute("aria-pressed", String(b.dataset.tab === tab));
    this.panel.hidden = !this.active;
    if (this.active) this.load();
    else this.setLayersVisible(false);
  }

  // ---- loading ----
  async load() {
    const id = this.incidentId;
    if (!id) return;
    try {
      const [workspace, runs, classes] = await Promise.all([api(`/api/incidents/${id}`), api(`/api/incidents/${id}/drift-runs`),
        this.classes ? Promise.resolve(this.classes) : api("/api/drift/object-classes")]);
      if (id !== this.incidentId) return;
      this.incident = workspace;
      this.runs = runs;
      this.classes = classes;
      const i = workspace.incident;
      this.mayPlan = this.me.roles.includes("admin") || (this.me.roles.includes("operator") && i.coordinatingCentreCode === this.me.centre);
      this.plans = await this.loadPlans(id);
      this.render();
      this.ensureLayers();
      this.setLayersVisible(true);
      this.subscribe(id);
      const show = this.run?.run.id ?? runs.find((r) => r.status === "succeeded")?.id ?? runs[0]?.id;
      if (show) await this.selectRun(show);
      if (this.plans.length) await this.selectPlan(this.plan?.number ?? this.plans[0].number);
    } catch (e) {
      this.message(t("search.loadFailed", { message: e.message }), "error");
    }
  }

  async loadPlans(id) {
    try { return await api(`/api/incidents/${id}/search-plans`); } catch (e) {
      if (e instanceof ApiError && e.status === 404) return []; // no search-plans API on this server
      throw e;
    }
  }

  async subscribe(id) {
    const feed = this.feed?.();
    if (!feed || this.subscribed.has(id) || feed.connection.state !== "Connected") return;
    try { await feed.subscribeIncident(id); this.subscribed.add(id); } catch (e) { this.log?.(t("search.log.liveUnavailable", { message: e.message })); }
  }

  message(text, kind = "") {
    const p = this.panel.querySelector("[data-testid=search-message]");
    if (!p) return;
    p.textContent = text;
    p.className = `panel-message ${kind}`;
  }

  // ---- rendering ----
  render() {
    const i = this.incident.incident;
    this.panel.dataset.incidentId = i.id;
    this.panel.innerHTML = String(html`
      <div class="panel-head">
        <h2>${i.reference} <span class="muted">${t("tabs.search")}</span></h2>
        <button type="button" class="close" data-action="close" aria-label="${t("search.closeIncident")}">×</button>
      </div>
      <p class="panel-message" data-testid="search-message" role="status"></p>
      ${this.mayPlan ? this.renderRunForm() : html`<p class="muted" data-testid="search-read-only">${t("search.readOnly", { centre: i.coordinatingCentreCode })}</p>`}
      <details class="block" open data-testid="drift-runs-block"><summary>${t("search.driftRuns")} <span class="count">${this.runs.length}</span></summary>
        <select data-role="run" data-testid="drift-run-select" aria-label="${t("search.driftRun")}">${this.runOptions()}</select>
        <div class="progress" data-testid="drift-progress" hidden><div class="bar"></div><span class="label"></span></div>
        <div data-testid="drift-result"></div>
      </details>
      <details class="block" open data-testid="search-plans-block"><summary>${t("search.searchPlans")} <span class="count">${this.plans.length}</span></summary>
        ${this.mayPlan ? this.renderPlanForm() : ""}
        <select data-role="plan" data-testid="plan-select" aria-label="${t("search.searchPlan")}" ${this.plans.length ? "" : raw("hidden")}>${this.planOptions()}</select>
        <div data-testid="plan-view"></div>
      </details>`);
    this.wire();
  }

  runOptions() {
    return this.runs.map((r) => html`<option value="${r.id}">${utc(r.createdAt)} · ${r.objectClass} · ${count(r.hours)} h · ${count(r.particles)} · ${word("status", r.status)}</option>`);
  }

  planOptions() {
    return this.plans.map((p) => html`<option value="${p.number}">${t("search.planOption", { number: p.number, status: word("status", p.status), pos: pct(p.probabilityOfSuccess) })}</option>`);
  }

  renderRunForm() {
    const i = this.incident.incident;
    const sightings = [...(this.incident.sightings ?? [])].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
    const last = sightings.at(-1), before = sightings.at(-2);
    const when = (s) => (s ? utc(s.observedAt).replace(" UTC", "") : "");
    const where = (s) => (s ? toDdm(s.latitude, s.longitude) : "");
    const regional = this.classes.filter((c) => c.regional != null).sort((a, b) => a.regional - b.regional);
    const groups = new Map();
    for (const c of this.classes.filter((x) => x.regional == null)) {
      if (!groups.has(c.group)) groups.set(c.group, []);
      groups.get(c.group).push(c);
    }
    // A class's description in the language (key "leeway.<KEY>"), else the Leeway table's own English, marked lang="en".
    const option = (c) => {
      const known = c.descriptionKey && hasKey(c.descriptionKey);
      const text = known ? t(c.descriptionKey) : c.description;
      return html`<option value="${c.key}" title="${text}" ${known ? "" : raw('lang="en"')}>${"\u2003".repeat(c.depth)}${c.key} — ${text.slice(0, 60)}</option>`;
    };
    const field = (name, label, input, hint = "") => html`<div class="field" data-field="${name}"><label>${label}${hint ? html` <span class="hint">${hint}</span>` : ""}</label>${input}<p class="field-error" data-error-for="${name}"></p></div>`;
    const ph = "YYYY-MM-DD HH:MM";
    return html`
      <details class="block" data-testid="drift-form-block" ${this.runs.length ? "" : raw("open")}><summary>${t("search.newRun")}</summary>
      <form data-action="drift-run" class="search-form" novalidate data-testid="drift-form">
        ${field("objectClass", t("search.object"), html`<select name="objectClass" data-testid="drift-object">
          <optgroup label="${t("search.commonInRegion")}">${regional.map(option)}</optgroup>
          ${[...groups].map(([g, list]) => html`<optgroup label="${groupName(g)}">${list.map(option)}</optgroup>`)}</select>`)}
        <fieldset class="seeding"><legend>${t("search.seeding")}</legend>
          <label class="check"><input type="radio" name="seedKind" value="point" checked data-testid="drift-seed-point"> ${t("search.seedPoint")}</label>
          <label class="check"><input type="radio" name="seedKind" value="line" ${before ? "" : raw("disabled")} data-testid="drift-seed-line"> ${t("search.seedLine")}</label>
          <div data-seed="point">
            ${field("seeding.position", t("search.position"), html`<input name="position" value="${where(last) || toDdm(i.latitude, i.longitude)}" data-testid="drift-position">`)}
            <div class="row">
              ${field("seeding.time", t("search.timeUtc"), html`<input name="time" value="${when(last) || (i.lastSightingAt ? utc(i.lastSightingAt).replace(" UTC", "") : "")}" placeholder="${ph}" data-testid="drift-time">`)}
              ${field("seeding.radiusMetres", t("search.radiusNm"), html`<input name="radius" type="number" min="0" step="0.1" value="1" data-testid="drift-radius">`)}
            </div>
          </div>
          <div data-seed="line" hidden>
            <div class="row">
              ${field("seeding.start", t("search.from"), html`<input name="startPosition" value="${where(before)}">`)}
              ${field("seeding.start.time", t("search.atUtc"), html`<input name="startTime" value="${when(before)}" placeholder="${ph}">`)}
            </div>
            <div class="row">
              ${field("seeding.end", t("search.to"), html`<input name="endPosition" value="${where(last)}">`)}
              ${field("seeding.end.time", t("search.atUtc"), html`<input name="endTime" value="${when(last)}" placeholder="${ph}">`)}
            </div>
            ${field("seeding.lineRadius", t("search.lineRadius"), html`<input name="lineRadius" type="number" min="0" step="0.1" value="1">`)}
          </div>
        </fieldset>
        <div class="row">
          ${field("hours", t("search.hours"), html`<input name="hours" type="number" min="1" max="168" value="24" data-testid="drift-hours">`)}
          ${field("particles", t("search.particles"), html`<input name="particles" type="number" min="100" max="200000" step="100" value="5000" data-testid="drift-particles">`)}
          ${field("stepMinutes", t("search.stepMinutes"), html`<input name="stepMinutes" type="number" min="1" max="60" value="10">`)}
        </div>
        <fieldset class="forcing"><legend>${t("search.forcing")}</legend>
          <label class="check"><input type="radio" name="forcingKind" value="onScene" checked> ${t("search.forcingOnScene")}</label>
          <label class="check"><input type="radio" name="forcingKind" value="file" data-testid="drift-forcing-file"> ${t("search.forcingFile")}</label>
          <div data-forcing="file" hidden>${field("forcing.fileId", t("search.file"), html`<select name="fileId" data-testid="drift-file"></select>`)}</div>
          <div class="row">
            ${field("forcing.onScene.windSpeed", t("search.wind"), html`<input name="windSpeed" type="number" min="0" max="60" step="0.1" value="8" data-testid="drift-wind-speed">`)}
            ${field("forcing.onScene.windFrom", t("search.windFrom"), html`<input name="windFrom" type="number" min="0" max="360" value="120" data-testid="drift-wind-from">`)}
            ${field("forcing.onScene.currentSpeed", t("search.current"), html`<input name="currentSpeed" type="number" min="0" max="5" step="0.05" value="0.3" data-testid="drift-current-speed">`)}
            ${field("forcing.onScene.currentTo", t("search.currentTo"), html`<input name="currentTo" type="number" min="0" max="360" value="260" data-testid="drift-current-to">`)}
          </div>
        </fieldset>
        <p class="field-error form-error" data-error-for="form" data-testid="drift-error-form" role="alert"></p>
        <button type="submit" class="primary" data-testid="drift-start">${t("search.startRun")}</button>
      </form></details>`;
  }

  renderPlanForm() {
    const tasked = (this.incident.taskings ?? []).filter((t) => !t.releasedAt).map((t) => t.assetCode);
    const codes = tasked.length ? tasked : [""];
    const speeds = new Map((this.liveMap.assets?.features ?? []).map((f) => [f.properties.code, f.properties.cruiseSpeedKnots]));
    const row = (code) => html`<tr>
        <td><input name="assetCode" value="${code}" size="8" aria-label="${t("search.asset")}"></td>
        <td><input name="speedKnots" type="number" min="1" max="500" step="1" value="${round(speeds.get(code) ?? 15, 0)}" aria-label="${t("search.speed")}"></td>
        <td><input name="enduranceHours" type="number" min="0.5" max="48" step="0.5" value="4" aria-label="${t("search.endurance")}"></td>
        <td><input name="sweepWidthNm" type="number" min="0.05" step="0.05" placeholder="${t("search.fromTable")}" aria-label="${t("search.sweepWidth")}"></td>
        <td><select name="objectType" aria-label="${t("search.searchObject")}"><option value="">${t("search.asRunClass")}</option>${OBJECT_TYPE_CODES.map((k) => html`<option value="${k}">${t(`search.objectType.${k}`)}</option>`)}</select>
            <span class="nowrap"><input name="visibilityNm" type="number" min="0.5" max="100" step="0.5" value="10" aria-label="${t("search.visibility")}" title="${t("search.visibilityTitle")}">
            <select name="seaState" aria-label="${t("search.seaState")}"><option value="calm">${t("search.sea.calm")}</option><option value="moderate" selected>${t("search.sea.moderate")}</option><option value="rough">${t("search.sea.rough")}</option></select></span></td>
        <td><select name="pattern" aria-label="${t("search.pattern")}"><option value="">${t("search.plannersPattern")}</option>${PATTERN_CODES.map((k) => html`<option value="${k}">${patternName(k)}</option>`)}</select></td>
      </tr>`;
    return html`
      <details class="block" data-testid="plan-form-block" ${this.plans.length ? "" : raw("open")}><summary>${t("search.proposeAPlan")}</summary>
      <form data-action="plan" class="search-form" novalidate data-testid="plan-form">
        <p class="muted">${tasked.length ? t("search.taskedAssets", { codes: tasked.join(", ") }) : t("search.noAssetTasked")} ${t("search.sweepWidthHint")}</p>
        <div class="field" data-field="start"><label>${t("search.startsUtc")}</label><input name="start" value="${this.defaultStart()}" placeholder="YYYY-MM-DD HH:MM" data-testid="plan-start"><p class="field-error" data-error-for="start"></p></div>
        <table class="assets-table"><thead><tr><th>${t("search.col.asset")}</th><th>kn</th><th>h</th><th>W nm</th><th>${t("search.col.objectVisSea")}</th><th>${t("search.col.pattern")}</th></tr></thead>
          <tbody data-testid="plan-assets">${codes.map(row)}</tbody></table>
        <button type="button" data-action="add-asset">${t("search.addAsset")}</button>
        <p class="field-error" data-error-for="assets"></p>
        <p class="field-error form-error" data-error-for="form" data-testid="plan-error-form" role="alert"></p>
        <button type="submit" class="primary" data-testid="plan-propose">${t("search.proposeOnRun")}</button>
      </form>
      <template data-role="asset-row">${row("")}</template></details>`;
  }

  /** In 30 minutes, kept within the shown run's output hours (the plan's grid is the run's nearest hour). */
  defaultStart() {
    let t = Date.now() + 30 * 60_000;
    const hours = this.run?.hours ?? [];
    if (hours.length) t = Math.min(Math.max(t, Date.parse(hours[0].at)), Date.parse(hours.at(-1).at));
    const d = new Date(t);
    d.setUTCSeconds(0, 0);
    return utc(d.toISOString()).replace(" UTC", "");
  }

  wire() {
    const p = this.panel;
    p.querySelector("[data-action=close]").addEventListener("click", () => $("incident-panel").querySelector("[data-action=close]")?.click());
    p.querySelector("[data-role=run]").addEventListener("change", (e) => this.selectRun(/** @type {HTMLSelectElement} */ (e.target).value));
    p.querySelector("[data-role=plan]").addEventListener("change", (e) => this.selectPlan(Number(/** @type {HTMLSelectElement} */ (e.target).value)));
    const form = p.querySelector("form[data-action=drift-run]");
    if (form) {
      for (const r of form.querySelectorAll("input[name=seedKind]")) r.addEventListener("change", () => {
        for (const d of form.querySelectorAll("[data-seed]")) d.hidden = d.dataset.seed !== form.seedKind.value;
      });
      for (const r of form.querySelectorAll("input[name=forcingKind]")) r.addEventListener("change", () => {
        form.querySelector("[data-forcing=file]").hidden = form.forcingKind.value !== "file";
        if (form.forcingKind.value === "file") this.loadForcingFiles(form.fileId);
      });
      form.addEventListener("submit", (e) => { e.preventDefault(); this.startRun(form); });
    }
    const planForm = p.querySelector("form[data-action=plan]");
    if (planForm) {
      planForm.querySelector("[data-action=add-asset]").addEventListener("click", () =>
        planForm.querySelector("tbody").append(p.querySelector("template[data-role=asset-row]").content.cloneNode(true)));
      planForm.addEventListener("submit", (e) => { e.preventDefault(); this.proposePlan(planForm); });
      planForm.start.addEventListener("input", () => { planForm.start.dataset.edited = "true"; });
    }
  }

  async loadForcingFiles(select) {
    try {
      const files = await api("/api/forcing");
      select.innerHTML = files.length ? String(html`${files.map((f) => html`<option value="${f.id}">${f.name} · ${utc(f.timeStart ?? f.start)} – ${utc(f.timeEnd ?? f.end)}</option>`)}`)
        : String(html`<option value="">${t("search.noForcingFile")}</option>`);
    } catch (e) { select.innerHTML = String(html`<option value="">${e.message}</option>`); }
  }

  // ---- errors by field ----
  showErrors(form, errors, fallback) {
    for (const p of form.querySelectorAll("[data-error-for]")) p.textContent = "";
    for (const f of form.querySelectorAll(".field.invalid")) f.classList.remove("invalid");
    const names = [...form.querySelectorAll("[data-error-for]")].map((p) => p.dataset.errorFor);
    const unplaced = [];
    for (const [key, messages] of Object.entries(errors)) {
      // "seeding.latitude" → "seeding.position"; "assets[1].speedKnots" → "assets"; the longest matching field wins.
      const k = key.replace(/^seeding\.(latitude|longitude)$/, "seeding.position").replace(/^seeding\.(start|end)\.(latitude|longitude)$/, "seeding.$1")
        .replace(/^seeding\.(start|end)\.radiusMetres$/, "seeding.lineRadius").replace(/\[\d+\].*$/, "");
      const target = names.filter((n) => n !== "form" && (k === n || k.startsWith(`${n}.`) || k.toLowerCase() === n.toLowerCase()))
        .sort((a, b) => b.length - a.length)[0];
      const text = `${key.includes("[") ? `${key}: ` : ""}${messages.join(" ")}`;
      if (target) {
        const p = form.querySelector(`[data-error-for="${target}"]`);
        p.textContent = p.textContent ? `${p.textContent} ${text}` : text;
        p.closest(".field")?.classList.add("invalid");
      } else unplaced.push(`${key}: ${messages.join(" ")}`);
    }
    if (unplaced.length || fallback) form.querySelector("[data-error-for=form]").textContent = [...unplaced, fallback].filter(Boolean).join(" ");
  }

  // ---- drift runs ----
  buildRunRequest(form) {
    const errors = {};
    const position = (name, field) => {
      const r = parseCoordinates(form[name].value);
      if (r.error) errors[field] = [r.error];
      return r.position;
    };
    const time = (name, field) => {
      const r = parseUtc(form[name].value);
      if (r.error) errors[field] = [r.error];
      return r.iso;
    };
    let seeding;
    if (form.seedKind.value === "line") {
      const a = position("startPosition", "seeding.start"), b = position("endPosition", "seeding.end");
      const radiusMetres = Number(form.lineRadius.value) * NM;
      seeding = { kind: "line", start: { ...a, time: time("startTime", "seeding.start.time"), radiusMetres },
        end: { ...b, time: time("endTime", "seeding.end.time"), radiusMetres } };
    } else {
      const p = position("position", "seeding.position");
      seeding = { kind: "point", latitude: p?.latitude, longitude: p?.longitude, radiusMetres: Number(form.radius.value) * NM, time: time("time", "seeding.time") };
    }
    const num = (n) => (form[n].value === "" ? null : Number(form[n].value));
    const onScene = { windSpeed: num("windSpeed"), windFrom: num("windFrom"), currentSpeed: num("currentSpeed"), currentTo: num("currentTo") };
    const forcing = form.forcingKind.value === "file" ? { fileId: form.fileId.value || null, onScene } : { onScene };
    return { body: { objectClass: form.objectClass.value, seeding, forcing, hours: num("hours"), particles: num("particles"), stepMinutes: num("stepMinutes"), direction: "forward" }, errors };
  }

  async startRun(form) {
    const { body, errors } = this.buildRunRequest(form);
    if (Object.keys(errors).length) { this.showErrors(form, errors); return; }
    this.showErrors(form, {});
    const button = form.querySelector("[type=submit]");
    button.disabled = true;
    try {
      // A fresh key per press: a retried press after a lost answer would start a second run otherwise.
      const run = await api(`/api/incidents/${this.incidentId}/drift-runs`, { method: "POST", body, headers: { "Idempotency-Key": crypto.randomUUID() } });
      this.log?.(t("search.log.runStarted", { reference: this.incident.incident.reference, objectClass: run.objectClass }));
      this.runs = [run, ...this.runs.filter((r) => r.id !== run.id)];
      this.refreshRunList(run.id);
      form.closest("details").open = false;
      this.run = { run, hours: [] };
      this.renderRun();
    } catch (e) {
      if (e instanceof ApiError) this.showErrors(form, e.errors, Object.keys(e.errors).length ? null : e.message);
      else this.showErrors(form, {}, e.message);
    } finally { button.disabled = false; }
  }

  refreshRunList(selectId) {
    const select = /** @type {HTMLSelectElement} */ (this.panel.querySelector("[data-role=run]"));
    select.innerHTML = String(html`${this.runOptions()}`);
    if (selectId) select.value = selectId;
    this.panel.querySelector("[data-testid=drift-runs-block] .count").textContent = String(this.runs.length);
  }

  async selectRun(runId) {
    try {
      this.run = await api(`/api/incidents/${this.incidentId}/drift-runs/${runId}`);
      this.hour = this.run.run.status === "succeeded" ? this.run.run.hours : 0;
      this.renderRun();
      const start = /** @type {HTMLInputElement | null} */ (this.panel.querySelector("[data-testid=plan-start]"));
      if (start && !start.dataset.edited) start.value = this.defaultStart();
      if (this.run.run.status === "succeeded") await this.showHour(this.hour, { fit: true });
      else this.clearDrift();
    } catch (e) { this.message(e.message, "error"); }
  }

  renderRun() {
    const box = this.panel.querySelector("[data-testid=drift-result]");
    const { run } = this.run;
    this.panel.dataset.runStatus = run.status;
    this.setProgress(run.status === "queued" || run.status === "running" ? run.progress : null);
    if (run.status !== "succeeded") {
      box.innerHTML = String(html`<p class="muted">${run.objectClass} · ${word("status", run.status)}${run.error ? html`: <span lang="en">${run.error}</span>` : ""}</p>`);
      return;
    }
    const forcing = this.run.forcing;
    box.innerHTML = String(html`
      <p class="small-facts">${t("search.runFacts", { objectClass: run.objectClass, seeded: utc(run.seededAt), particles: count(run.particles),
        direction: word("direction", run.direction), forcing: forcing?.fileName ?? t("search.onSceneValues") })}</p>
      <div class="slider-row">
        <input type="range" min="0" max="${run.hours}" step="1" value="${this.hour}" data-testid="drift-slider" aria-label="${t("search.outputHour")}">
        <strong data-testid="drift-hour-label"></strong>
      </div>
      <div class="inline-form" role="group" aria-label="${t("search.display")}">
        <label><input type="radio" name="drift-display" value="particles" ${this.display === "particles" ? raw("checked") : ""} data-testid="drift-show-particles"> ${t("search.showParticles")}</label>
        <label><input type="radio" name="drift-display" value="grid" ${this.display === "grid" ? raw("checked") : ""} data-testid="drift-show-grid"> ${t("search.showProbability")}</label>
        <label><input type="checkbox" data-layer="drift-containment" checked> 50/90/95 %</label>
        <label><input type="checkbox" data-layer="drift-datum" checked> ${t("search.manualDatumLayer")}</label>
      </div>
      <ul class="drift-legend small"><li><span class="dot active"></span>${t("search.afloat")} <span class="dot stranded"></span>${t("search.stranded")}</li>
        <li>${Object.entries(CONTAINMENT_COLOURS).map(([p, c], k) => html`${k ? " " : ""}<span class="ring" style="border-color:${c}"></span>${p} %`)} <span class="ring datum"></span>${t("search.manualDatumR")}</li></ul>
      <dl class="facts" data-testid="drift-hour-facts"></dl>`);
    const slider = /** @type {HTMLInputElement} */ (box.querySelector("[data-testid=drift-slider]"));
    slider.addEventListener("input", () => { this.hour = Number(slider.value); this.renderHourFacts(); });
    slider.addEventListener("change", () => this.showHour(Number(slider.value)));
    for (const r of box.querySelectorAll("input[name=drift-display]")) r.addEventListener("change", () => { this.display = r.value; this.showHour(this.hour); });
    for (const c of box.querySelectorAll("input[data-layer]")) c.addEventListener("change", () => this.setLayerVisibility(c.dataset.layer, c.checked));
    this.renderHourFacts();
  }

  renderHourFacts() {
    const box = this.panel.querySelector("[data-testid=drift-result]");
    const h = this.run?.hours.find((x) => x.hour === this.hour);
    const label = box.querySelector("[data-testid=drift-hour-label]");
    if (!h || !label) return;
    label.textContent = `T${this.run.run.direction === "backward" ? "−" : "+"}${h.hour} h · ${utc(h.at)}`;
    const m = h.manual;
    const areas = h.containment.map((c) => `${c.percent} %: ${formatNumber(Math.round(c.areaSquareMetres / NM / NM), { useGrouping: false })} nm²`).join(" · ");
    box.querySelector("[data-testid=drift-hour-facts]").innerHTML = String(html`
      <dt>${t("search.particles")}</dt><dd>${count(h.active)} ${t("search.afloat")} · <span data-testid="drift-stranded">${count(h.stranded)}</span> ${t("search.stranded")}</dd>
      <dt>${t("search.cloudMean")}</dt><dd>${toDdm(h.meanLatitude, h.meanLongitude)}</dd>
      <dt>${t("search.containment")}</dt><dd>${areas || "—"}</dd>
      <dt>${t("search.manualDatum")}</dt><dd data-testid="drift-datum">${toDdm(m.latitude, m.longitude)}<br>
        ${t("search.drift")} ${nm(m.driftMetres)} · X ${nm(m.initialErrorMetres)} · Y ${nm(m.searchCraftErrorMetres)} · De ${nm(m.driftErrorMetres)}<br>
        E ${nm(m.probableErrorMetres)} · fs ${count(m.safetyFactor)} · <b>R ${nm(m.searchRadiusMetres)}</b></dd>`);
  }

  setProgress(progress) {
    const bar = this.panel.querySelector("[data-testid=drift-progress]");
    if (!bar) return;
    bar.hidden = progress == null;
    if (progress == null) return;
    bar.querySelector(".bar").style.width = `${Math.round(progress * 100)}%`;
    bar.querySelector(".label").textContent = `${Math.round(progress * 100)} %`;
    bar.dataset.progress = String(progress);
  }

  async showHour(hour, { fit = false } = {}) {
    const run = this.run?.run;
    if (!run || run.status !== "succeeded") return;
    this.hour = hour;
    this.renderHourFacts();
    const base = `/api/incidents/${this.incidentId}/drift-runs/${run.id}`;
    const cloud = this.display === "particles" ? api(`${base}/particles?hour=${hour}`) : api(`${base}/grid?hour=${hour}`);
    const [layer, containment] = await Promise.all([cloud, api(`${base}/containment?hour=${hour}`)]);
    if (run.id !== this.run?.run.id || hour !== this.hour) return; // the slider moved on
    this.ensureLayers();
    const map = this.liveMap.map;
    if (this.display === "particles") {
      map.getSource("drift-particles").setData(layer);
      map.getSource("drift-grid").setData(EMPTY);
    } else {
      const max = Math.max(1e-12, ...layer.features.map((f) => f.properties.probability));
      for (const f of layer.features) f.properties.relative = f.properties.probability / max;
      map.getSource("drift-grid").setData(layer);
      map.getSource("drift-particles").setData(EMPTY);
    }
    const polygons = containment.features.filter((f) => f.geometry.type !== "Point");
    map.getSource("drift-containment").setData({ type: "FeatureCollection", features: polygons });
    const datum = containment.features.find((f) => f.geometry.type === "Point");
    const circle = datum ? [{ type: "Feature", geometry: circlePolygon(datum.geometry.coordinates, datum.properties.searchRadiusMetres / NM, 96), properties: { kind: "circle" } },
      { type: "Feature", geometry: datum.geometry, properties: { kind: "datum" } }] : [];
    map.getSource("drift-datum").setData({ type: "FeatureCollection", features: circle });
    this.panel.dataset.hourShown = String(hour);
    if (fit) this.fitTo([...polygons, ...circle]);
  }

  fitTo(features) {
    let w = 180, s = 90, e = -180, n = -90;
    const visit = (c) => { if (typeof c[0] === "number") { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); } else c.forEach(visit); };
    for (const f of features) visit(f.geometry.coordinates);
    if (w <= e) this.liveMap.map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 11, duration: 0 });
  }

  clearDrift() {
    if (!this.layersAdded) return;
    for (const id of ["drift-grid", "drift-particles", "drift-containment", "drift-datum"]) this.liveMap.map.getSource(id).setData(EMPTY);
  }

  clearMap() {
    if (!this.layersAdded) return;
    for (const id of SOURCES) this.liveMap.map.getSource(id).setData(EMPTY);
    this.panel.hidden = !this.active || !this.incidentId;
  }

  // ---- map layers (own sources; drawn over the base layers, under the incidents) ----
  ensureLayers() {
    const map = this.liveMap.map;
    if (this.layersAdded || !this.liveMap.ready) return;
    for (const id of SOURCES) map.addSource(id, { type: "geojson", data: EMPTY });
    const before = map.getLayer("incident-selected") ? "incident-selected" : undefined;
    map.addLayer({ id: "drift-grid", type: "fill", source: "drift-grid",
      paint: { "fill-color": ["interpolate", ["linear"], ["get", "relative"], 0, "#ffffb2", 0.25, "#fecc5c", 0.5, "#fd8d3c", 0.75, "#f03b20", 1, "#bd0026"], "fill-opacity": 0.55 } }, before);
    map.addLayer({ id: "drift-particles", type: "circle", source: "drift-particles", filter: ["get", "seeded"],
      paint: { "circle-radius": ["case", ["get", "stranded"], 2.6, 1.6], "circle-color": ["case", ["get", "stranded"], "#5a1a00", "#1f5fbf"],
               "circle-opacity": 0.75, "circle-stroke-width": ["case", ["get", "stranded"], 0.8, 0], "circle-stroke-color": "#ffb000" } }, before);
    map.addLayer({ id: "drift-containment", type: "line", source: "drift-containment",
      paint: { "line-color": ["match", ["get", "percent"], 50, CONTAINMENT_COLOURS[50], 90, CONTAINMENT_COLOURS[90], CONTAINMENT_COLOURS[95]], "line-width": 2 } }, before);
    map.addLayer({ id: "drift-datum", type: "line", source: "drift-datum", filter: ["==", ["get", "kind"], "circle"],
      paint: { "line-color": "#102030", "line-width": 1.6, "line-dasharray": [4, 3] } }, before);
    map.addLayer({ id: "drift-datum-point", type: "circle", source: "drift-datum", filter: ["==", ["get", "kind"], "datum"],
      paint: { "circle-radius": 4, "circle-color": "#fff", "circle-stroke-color": "#102030", "circle-stroke-width": 2 } }, before);
    map.addLayer({ id: "search-areas", type: "fill", source: "search-areas",
      paint: { "fill-color": ["case", ["get", "editing"], "#2b7bb9", "#0b6e4f"], "fill-opacity": 0.12 } }, before);
    map.addLayer({ id: "search-areas-line", type: "line", source: "search-areas",
      paint: { "line-color": ["case", ["get", "editing"], "#2b7bb9", "#0b6e4f"], "line-width": ["case", ["get", "editing"], 2.5, 1.8] } }, before);
    map.addLayer({ id: "search-tracks", type: "line", source: "search-tracks", paint: { "line-color": "#0b6e4f", "line-width": 1, "line-opacity": 0.8 } }, before);
    map.addLayer({ id: "search-handles", type: "circle", source: "search-handles",
      paint: { "circle-radius": 6, "circle-color": ["match", ["get", "role"], "move", "#2b7bb9", "rotate", "#e06a00", "#fff"], "circle-stroke-color": "#2b7bb9", "circle-stroke-width": 2 } });
    this.wireHandles();
    this.layersAdded = true;
  }

  setLayersVisible(visible) {
    if (!this.layersAdded) return;
    const map = this.liveMap.map;
    for (const id of ["drift-grid", "drift-particles", "drift-containment", "drift-datum", "drift-datum-point", "search-areas", "search-areas-line", "search-tracks", "search-handles"])
      map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
  }

  setLayerVisibility(source, visible) {
    const layers = source === "drift-datum" ? ["drift-datum", "drift-datum-point"] : [source];
    for (const id of layers) this.liveMap.map.setLayoutProperty(id, "visibility", visible ? "visible" : "none");
  }

  // ---- search plans ----
  async proposePlan(form) {
    if (!this.run || this.run.run.status !== "succeeded") { this.showErrors(form, {}, t("search.needFinishedRun")); return; }
    const start = parseUtc(form.start.value);
    if (start.error) { this.showErrors(form, { start: [start.error] }); return; }
    const assets = [...form.querySelectorAll("tbody tr")].map((tr) => {
      const v = (n) => tr.querySelector(`[name=${n}]`).value.trim();
      const a = { assetCode: v("assetCode"), speedKnots: Number(v("speedKnots")), enduranceHours: Number(v("enduranceHours")) };
      if (v("sweepWidthNm")) a.sweepWidthNm = Number(v("sweepWidthNm"));
      else {
        if (v("objectType")) a.objectType = v("objectType");
        a.visibilityNm = Number(v("visibilityNm"));
        a.seaState = v("seaState");
      }
      if (v("pattern")) a.pattern = v("pattern");
      return a;
    }).filter((a) => a.assetCode);
    if (!assets.length) { this.showErrors(form, { assets: [t("search.addOneAsset")] }); return; }
    this.showErrors(form, {});
    try {
      const plan = await api(`/api/incidents/${this.incidentId}/search-plans`, { method: "POST", body: { driftRunId: this.run.run.id, start: start.iso, assets },
        headers: { "Idempotency-Key": crypto.randomUUID() } });
      this.log?.(t("search.log.planProposed", { reference: this.incident.incident.reference, number: plan.number }));
      form.closest("details").open = false;
      await this.refreshPlans(plan.number);
    } catch (e) {
      if (e instanceof ApiError) this.showErrors(form, e.errors, Object.keys(e.errors).length ? null : e.message);
      else this.showErrors(form, {}, e.message);
    }
  }

  async refreshPlans(select) {
    this.plans = await this.loadPlans(this.incidentId);
    const s = this.panel.querySelector("[data-role=plan]");
    s.hidden = !this.plans.length;
    s.innerHTML = String(html`${this.planOptions()}`);
    this.panel.querySelector("[data-testid=search-plans-block] .count").textContent = String(this.plans.length);
    const number = select ?? this.plan?.number ?? this.plans[0]?.number;
    if (number != null) await this.selectPlan(number);
  }

  async selectPlan(number) {
    try {
      this.plan = await api(`/api/incidents/${this.incidentId}/search-plans/${number}`);
      const s = /** @type {HTMLSelectElement | null} */ (this.panel.querySelector("[data-role=plan]"));
      if (s) s.value = String(number);
      if (this.editing && !this.plan.assignments.some((a) => a.assetCode === this.editing)) this.editing = null;
      this.draft = null;
      this.renderPlan();
      this.drawPlan();
    } catch (e) { this.message(e.message, "error"); }
  }

  planBase() { return `/api/incidents/${this.incidentId}/search-plans/${this.plan.number}`; }

  renderPlan() {
    const plan = this.plan;
    const box = this.panel.querySelector("[data-testid=plan-view]");
    const editable = this.mayPlan && plan.status === "proposed";
    const recordable = this.mayPlan && plan.status === "issued";
    this.panel.dataset.planStatus = plan.status;
    box.innerHTML = String(html`
      <p><b>${t("search.planNumber", { number: plan.number })}</b> <span class="badge" data-testid="plan-status">${word("status", plan.status)}</span> · ${t("search.starts", { time: utc(plan.start) })}</p>
      <p class="pos">${t("search.posThisPlan")} <b data-testid="plan-pos">${pct(plan.probabilityOfSuccess)}</b>${plan.achievedProbabilityOfSuccess != null ? html` (${t("search.achieved")} <b data-testid="plan-achieved-pos">${pct(plan.achievedProbabilityOfSuccess)}</b>)` : ""} · ${t("search.cumulative")} <b data-testid="plan-cumulative-pos">${pct(plan.cumulativeProbabilityOfSuccess)}</b></p>
      <table class="responders plan-table" data-testid="plan-assignments"><thead><tr><th>${t("search.col.asset")}</th><th>${t("search.col.pattern")}</th><th>S nm</th><th>C</th><th>POD</th><th>POS</th><th></th></tr></thead><tbody>
        ${plan.assignments.map((a) => html`<tr data-asset="${a.assetCode}" class="${a.assetCode === this.editing ? "editing" : ""}">
          <td>${a.assetCode}</td><td>${patternName(a.pattern).replace(/ \(.*/, "")}</td><td>${count(round(a.trackSpacingNm))}</td><td>${count(round(a.coverage))}</td>
          <td>${pct(a.probabilityOfDetection)}</td><td data-testid="assignment-pos">${pct(a.probabilityOfSuccess)}${a.result ? html`<br><span class="badge" title="${utc(a.result.recordedAt)}">${word("searched", a.result.searched)}: ${pct(a.result.probabilityOfSuccess)}</span>` : ""}</td>
          <td class="actions">${editable ? html`<button type="button" data-action="edit" data-testid="assignment-edit">${t("search.adjust")}</button>` : ""}
            <a href="#" data-action="download" data-format="rtz" data-testid="download-rtz">RTZ</a> <a href="#" data-action="download" data-format="gpx" data-testid="download-gpx">GPX</a>
            <button type="button" data-action="print" data-testid="assignment-print">${t("search.print")}</button></td></tr>`)}
      </tbody></table>
      ${this.editing && editable ? this.renderEditor(plan.assignments.find((a) => a.assetCode === this.editing)) : ""}
      ${editable ? html`<button type="button" class="primary" data-action="issue" data-testid="plan-issue">${t("search.issuePlan", { number: plan.number })}</button>` : ""}
      ${recordable && plan.assignments.some((a) => !a.result) ? this.renderResultForm(plan) : ""}
      ${(plan.unassigned ?? []).length ? html`<p class="muted">${t("search.notAssigned", { codes: plan.unassigned.join(", ") })}</p>` : ""}
      <p class="field-error" data-testid="plan-error" role="alert"></p>`);
    for (const tr of box.querySelectorAll("tr[data-asset]")) {
      const code = tr.dataset.asset;
      tr.querySelector("[data-action=edit]")?.addEventListener("click", () => { this.editing = code; this.draft = null; this.renderPlan(); this.drawPlan(); });
      for (const a of tr.querySelectorAll("[data-action=download]")) a.addEventListener("click", (e) => { e.preventDefault(); this.download(code, a.dataset.format); });
      tr.querySelector("[data-action=print]").addEventListener("click", () => this.print(code));
    }
    box.querySelector("[data-action=issue]")?.addEventListener("click", () => this.issue());
    const editor = box.querySelector("form[data-action=adjust]");
    if (editor) {
      editor.trackSpacingNm.addEventListener("input", () => { editor.trackSpacingNm.dataset.edited = "true"; });
      editor.addEventListener("input", () => { this.draft = this.readEditor(editor); this.drawPlan(); });
      editor.addEventListener("submit", (e) => { e.preventDefault(); this.applyAdjustment(editor); });
      editor.querySelector("[data-action=cancel]").addEventListener("click", () => { this.editing = null; this.draft = null; this.renderPlan(); this.drawPlan(); });
    }
    const results = box.querySelector("form[data-action=results]");
    results?.addEventListener("submit", (e) => { e.preventDefault(); this.recordResult(results); });
    results?.searched.forEach?.((r) => r.addEventListener("change", () => { results.fractionSearched.disabled = results.searched.value !== "partial"; }));
  }

  renderEditor(a) {
    const area = this.draft?.area ?? a.area;
    const field = (name, label, value, attrs = "") => html`<label>${label}<input name="${name}" value="${value}" ${raw(attrs)} data-testid="adjust-${name}"></label>`;
    return html`<form data-action="adjust" class="inline-form grid-form adjust-form" novalidate data-testid="adjust-form">
      <p class="muted">${t("search.adjustHint", { asset: a.assetCode })}</p>
      ${field("centre", t("search.edit.centre"), toDdm(area.centre.lat, area.centre.lon), 'class="wide"')}
      ${field("lengthNm", t("search.edit.length"), round(area.lengthNm), 'type="number" step="0.1" min="0.1"')}
      ${field("widthNm", t("search.edit.width"), round(area.widthNm), 'type="number" step="0.1" min="0.1"')}
      ${field("orientationDegrees", t("search.edit.axis"), round(area.orientationDegrees, 0), 'type="number" step="1" min="0" max="360"')}
      <label>${t("search.edit.pattern")}<select name="pattern" data-testid="adjust-pattern">${PATTERN_CODES.map((k) => html`<option value="${k}" ${k === (this.draft?.pattern ?? a.pattern) ? raw("selected") : ""}>${patternName(k)}</option>`)}</select></label>
      ${field("trackSpacingNm", t("search.edit.spacing"), round(this.draft?.trackSpacingNm ?? a.trackSpacingNm, 3), 'type="number" step="any" min="0"')}
      <p class="field-error" data-error-for="form" data-testid="adjust-error"></p>
      <button type="submit" class="primary" data-testid="adjust-apply">${t("search.apply")}</button> <button type="button" data-action="cancel">${t("search.cancel")}</button>
    </form>`;
  }

  readEditor(form) {
    const a = this.plan.assignments.find((x) => x.assetCode === this.editing);
    const centre = parseCoordinates(form.centre.value).position;
    return {
      area: { centre: centre ? { lat: centre.latitude, lon: centre.longitude } : (this.draft?.area ?? a.area).centre,
        lengthNm: Number(form.lengthNm.value) || a.area.lengthNm, widthNm: Number(form.widthNm.value) || a.area.widthNm,
        orientationDegrees: ((Number(form.orientationDegrees.value) % 360) + 360) % 360 },
      // The spacing is sent only when typed: otherwise the server keeps it (or fits it to a new area).
      pattern: form.pattern.value, trackSpacingNm: form.trackSpacingNm.dataset.edited ? Number(form.trackSpacingNm.value) : null,
    };
  }

  writeEditor() {
    const form = this.panel.querySelector("form[data-action=adjust]");
    if (!form || !this.draft) return;
    const { area } = this.draft;
    form.centre.value = toDdm(area.centre.lat, area.centre.lon);
    form.lengthNm.value = round(area.lengthNm);
    form.widthNm.value = round(area.widthNm);
    form.orientationDegrees.value = round(area.orientationDegrees, 0);
  }

  async applyAdjustment(form) {
    const centre = parseCoordinates(form.centre.value);
    if (centre.error) { form.querySelector("[data-error-for=form]").textContent = `${t("search.edit.centre")}: ${centre.error}`; return; }
    const d = this.readEditor(form);
    try {
      await api(`${this.planBase()}/assignments/${encodeURIComponent(this.editing)}`, { method: "PUT",
        body: { area: { centre: d.area.centre, lengthNm: d.area.lengthNm, widthNm: d.area.widthNm, orientationDegrees: d.area.orientationDegrees },
          pattern: d.pattern, ...(d.trackSpacingNm != null ? { trackSpacingNm: d.trackSpacingNm } : {}) } });
      this.log?.(t("search.log.adjusted", { number: this.plan.number, asset: this.editing }));
      this.editing = null;
      await this.refreshPlans(this.plan.number);
    } catch (e) {
      form.querySelector("[data-error-for=form]").textContent = e instanceof ApiError && Object.keys(e.errors).length
        ? Object.entries(e.errors).map(([k, m]) => `${k}: ${m.join(" ")}`).join(" ") : e.message;
    }
  }

  async issue() {
    try {
      await api(`${this.planBase()}/issue`, { method: "POST" });
      this.log?.(t("search.log.planIssued", { reference: this.incident.incident.reference, number: this.plan.number }));
      this.editing = null;
      await this.refreshPlans(this.plan.number);
    } catch (e) { this.panel.querySelector("[data-testid=plan-error]").textContent = e.message; }
  }

  renderResultForm(plan) {
    return html`<form data-action="results" class="search-form results-form" novalidate data-testid="result-form"><h4>${t("search.recordAResult")}</h4>
      <div class="row">
        <label>${t("search.asset")}<select name="assetCode" data-testid="result-asset">${plan.assignments.filter((a) => !a.result).map((a) => html`<option>${a.assetCode}</option>`)}</select></label>
        <label class="check"><input type="radio" name="searched" value="full" checked data-testid="result-full"> ${t("search.searchedFully")}</label>
        <label class="check"><input type="radio" name="searched" value="partial" data-testid="result-partial"> ${t("search.inPart")}</label>
        <label>${t("search.share")}<input name="fractionSearched" type="number" min="0" max="1" step="0.05" value="0.5" disabled data-testid="result-fraction"></label>
      </div>
      <div class="row">
        <label>${t("search.visibilityNm")}<input name="visibilityNm" type="number" min="0" step="0.5"></label>
        <label>${t("search.sea")}<select name="seaState"><option value="">${t("search.asPlanned")}</option><option value="calm">${t("search.sea.calm")}</option><option value="moderate">${t("search.sea.moderate")}</option><option value="rough">${t("search.sea.rough")}</option></select></label>
        <label>${t("search.trackGpx")}<input name="trackGpx" type="file" accept=".gpx,application/gpx+xml"></label>
      </div>
      <p class="field-error form-error" data-error-for="form" data-testid="result-error"></p>
      <button type="submit" class="primary" data-testid="result-submit">${t("search.recordResult")}</button>
    </form>`;
  }

  async recordResult(form) {
    const body = { assetCode: form.assetCode.value, searched: form.searched.value };
    if (body.searched === "partial") body.fractionSearched = Number(form.fractionSearched.value);
    if (form.visibilityNm.value !== "") body.visibilityNm = Number(form.visibilityNm.value);
    if (form.seaState.value !== "") body.seaState = form.seaState.value;
    if (form.trackGpx.files?.[0]) body.trackGpx = await form.trackGpx.files[0].text();
    try {
      await api(`${this.planBase()}/results`, { method: "POST", body });
      this.log?.(t("search.log.resultRecorded", { number: this.plan.number, asset: body.assetCode }));
      await this.refreshPlans(this.plan.number);
      this.message(t("search.resultRecorded", { asset: body.assetCode, pos: pct(this.plan.cumulativeProbabilityOfSuccess) }), "ok");
    } catch (e) {
      const p = form.querySelector("[data-error-for=form]");
      p.textContent = e instanceof ApiError && Object.keys(e.errors).length ? Object.entries(e.errors).map(([k, m]) => `${k}: ${m.join(" ")}`).join(" ") : e.message;
    }
  }

  /** Fetches the route with the bearer token and saves it (a plain link cannot send the token). */
  async download(assetCode, format) {
    try {
      const text = await api(`${this.planBase()}/assignments/${encodeURIComponent(assetCode)}/route.${format}`, { text: true });
      const blob = new Blob([text], { type: format === "gpx" ? "application/gpx+xml" : "application/xml" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `${this.incident.incident.reference}-plan${this.plan.number}-${assetCode}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) { this.panel.querySelector("[data-testid=plan-error]").textContent = e.message; }
  }

  // ---- the plan on the map, with handles for the sub-area being adjusted ----
  drawPlan() {
    if (!this.layersAdded || !this.plan) return;
    const map = this.liveMap.map;
    const areas = [], tracks = [], handles = [];
    for (const a of this.plan.assignments) {
      const editing = a.assetCode === this.editing;
      const area = editing && this.draft ? this.draft.area : a.area;
      const geometry = editing && this.draft ? { type: "Polygon", coordinates: [rectangleRing(area)] } : a.polygon?.type ? a.polygon : { type: "Polygon", coordinates: [rectangleRing(area)] };
      areas.push({ type: "Feature", geometry, properties: { asset: a.assetCode, editing } });
      if (!(editing && this.draft) && a.waypoints?.length > 1)
        tracks.push({ type: "Feature", geometry: { type: "LineString", coordinates: a.waypoints.map((w) => [w.lon, w.lat]) }, properties: { asset: a.assetCode } });
      if (editing) {
        const ring = rectangleRing(area);
        const th = (area.orientationDegrees * Math.PI) / 180;
        const reach = (area.lengthNm / 2 + Math.min(area.lengthNm, area.widthNm) * 0.25) * NM;
        const rot = [area.centre.lon + (reach * Math.sin(th)) / (111320 * Math.cos((area.centre.lat * Math.PI) / 180)), area.centre.lat + (reach * Math.cos(th)) / 111320];
        handles.push({ type: "Feature", geometry: { type: "Point", coordinates: [area.centre.lon, area.centre.lat] }, properties: { role: "move" } },
          { type: "Feature", geometry: { type: "Point", coordinates: ring[1] }, properties: { role: "resize" } },
          { type: "Feature", geometry: { type: "Point", coordinates: rot }, properties: { role: "rotate" } });
      }
    }
    map.getSource("search-areas").setData({ type: "FeatureCollection", features: areas });
    map.getSource("search-tracks").setData({ type: "FeatureCollection", features: tracks });
    map.getSource("search-handles").setData({ type: "FeatureCollection", features: handles });
  }

  wireHandles() {
    const map = this.liveMap.map;
    let drag = null;
    map.on("mouseenter", "search-handles", () => { map.getCanvas().style.cursor = "grab"; });
    map.on("mouseleave", "search-handles", () => { if (!drag) map.getCanvas().style.cursor = ""; });
    map.on("mousedown", "search-handles", (e) => {
      if (!this.editing) return;
      e.preventDefault(); // no map pan while dragging a handle
      const a = this.plan.assignments.find((x) => x.assetCode === this.editing);
      const form = this.panel.querySelector("form[data-action=adjust]");
      this.draft = this.draft ?? (form ? this.readEditor(form) : { area: a.area, pattern: a.pattern, trackSpacingNm: a.trackSpacingNm });
      drag = { role: e.features[0].properties.role, start: e.lngLat, area: structuredClone(this.draft.area) };
      map.getCanvas().style.cursor = "grabbing";
    });
    map.on("mousemove", (e) => {
      if (!drag) return;
      const area = structuredClone(drag.area);
      if (drag.role === "move") {
        area.centre = { lat: drag.area.centre.lat + (e.lngLat.lat - drag.start.lat), lon: drag.area.centre.lon + (e.lngLat.lng - drag.start.lng) };
      } else if (drag.role === "resize") {
        const l = localOf(drag.area, e.lngLat);
        area.lengthNm = Math.max(0.2, (2 * Math.abs(l.along)) / NM);
        area.widthNm = Math.max(0.2, (2 * Math.abs(l.across)) / NM);
      } else {
        const l = localOf(drag.area, e.lngLat);
        area.orientationDegrees = (((Math.atan2(l.e, l.n) * 180) / Math.PI) + 360) % 360;
      }
      this.draft = { ...this.draft, area };
      this.writeEditor();
      this.drawPlan();
    });
    map.on("mouseup", () => { if (drag) { drag = null; map.getCanvas().style.cursor = ""; } });
  }

  // ---- one page per asset, for the bridge (browser print; app.css @media print) ----
  print(assetCode) {
    const plan = this.plan, a = plan.assignments.find((x) => x.assetCode === assetCode);
    const i = this.incident.incident;
    const ring = a.polygon?.type === "Polygon" ? a.polygon.coordinates[0].slice(0, -1) : rectangleRing(a.area).slice(0, -1);
    let sheet = $("search-print");
    if (!sheet) { sheet = document.createElement("article"); sheet.id = "search-print"; sheet.className = "print-sheet"; sheet.dataset.testid = "search-print"; document.body.append(sheet); }
    const waypoints = a.waypoints ?? [];
    const shown = waypoints.length > 40 ? [...waypoints.slice(0, 38), null, waypoints.at(-1)] : waypoints;
    sheet.innerHTML = String(html`
      <header class="print-head"><div><strong>${i.coordinatingCentreCode}</strong> · ${t("search.print.title")}</div><div>${t("search.print.printed", { time: utc(new Date().toISOString()) })}</div></header>
      <h1>${t("search.print.heading", { reference: i.reference, number: plan.number, status: word("status", plan.status), asset: a.assetCode })}</h1>
      <table class="print-facts"><tbody>
        <tr><th>${t("search.print.starts")}</th><td>${utc(plan.start)}</td><th>${t("search.print.ends")}</th><td>${utc(waypoints.at(-1)?.time)}</td></tr>
        <tr><th>${t("search.pattern")}</th><td>${patternName(a.pattern)}</td><th>${t("search.print.spacing")}</th><td>${count(round(a.trackSpacingNm))} nm</td></tr>
        <tr><th>${t("search.print.centre")}</th><td>${toDdm(a.area.centre.lat, a.area.centre.lon)}</td><th>${t("search.print.size")}</th><td>${t("search.print.sizeValue", { length: round(a.area.lengthNm, 1), width: round(a.area.widthNm, 1), axis: round(a.area.orientationDegrees, 0) })}</td></tr>
        <tr><th>${t("search.print.coverage")}</th><td>${count(round(a.coverage))}</td><th>POD / POS</th><td>${pct(a.probabilityOfDetection)} / ${pct(a.probabilityOfSuccess)}</td></tr>
        <tr><th>${t("search.searchObject")}</th><td colspan="3">${t("search.print.object", { objectClass: this.run?.run.objectClass ?? "", seeded: utc(this.run?.run.seededAt) })}</td></tr>
      </tbody></table>
      <h2>${t("search.print.corners")}</h2>
      <ol class="print-corners">${ring.map(([lon, lat], k) => html`<li>${String.fromCharCode(65 + k)} ${toDdm(lat, lon)}</li>`)}</ol>
      <h2>${t("search.print.waypoints")} <span>${t("search.print.waypointsNote")}</span></h2>
      <table class="print-waypoints"><thead><tr><th>#</th><th>${t("search.print.position")}</th><th>${t("search.print.time")}</th><th>#</th><th>${t("search.print.position")}</th><th>${t("search.print.time")}</th></tr></thead><tbody>
        ${pairs(shown).map(([p, q]) => html`<tr>${cell(p)}${cell(q)}</tr>`)}
      </tbody></table>
      <footer>${t("search.print.footer", { centre: i.coordinatingCentreCode })}</footer>`);
    document.body.dataset.print = "search-plan";
    window.print();
    function cell(w) {
      if (w === undefined) return raw("<td></td><td></td><td></td>");
      if (w === null) return raw("<td>…</td><td>…</td><td></td>");
      return html`<td>${waypoints.indexOf(w) + 1}</td><td>${toDdm(w.lat, w.lon)}</td><td>${utc(w.time).slice(11, 16)}</td>`;
    }
  }

  // ---- live ----
  async onEvent(name, e) {
    if (!this.incidentId || e.incidentId !== this.incidentId) return;
    if (name === "driftRunProgress") {
      this.progressSeen.push([e.runId, e.progress]);
      const run = this.runs.find((r) => r.id === e.runId);
      if (run) run.progress = e.progress;
      if (this.run?.run.id === e.runId && this.active) { this.setProgress(e.progress); this.panel.querySelector(".progress .label").textContent = t("search.progressStored", { percent: Math.round(e.progress * 100), hours: e.hoursStored }); }
      return;
    }
    if (!this.active) return;
    if (name === "driftRunCompleted") {
      this.runs = await api(`/api/incidents/${this.incidentId}/drift-runs`);
      this.refreshRunList(this.run?.run.id);
      if (this.run?.run.id === e.runId) await this.selectRun(e.runId);
      this.message(e.status === "succeeded" ? t("search.runFinished", { objectClass: e.objectClass }) : t("search.runFailed", { error: e.error ?? "" }), e.status === "succeeded" ? "ok" : "error");
    } else if (name === "searchPlanProposed" || name === "searchPlanIssued" || name === "searchResultRecorded") {
      if (!this.editing) await this.refreshPlans(this.plan?.number ?? e.number);
    }
  }
}

function pairs(list) {
  const half = Math.ceil(list.length / 2), out = [];
  for (let k = 0; k < half; k++) out.push([list[k], list[k + half]]);
  return out;
}
