// @ts-check
// The incident workspace: the list (my centre's incidents and those offered to it, with filters) and the panel of one
// incident (phase, POB, timeline, sightings, jurisdiction, ranked responders with ETA and tasking, handover
// propose/accept/decline/withdraw, SITREP view/copy/issue). Every change sends the `version` it was based on as
// expectedVersion; a 409 "stale-version" reloads the panel and says so.

import { api, ApiError } from "./api.js";
import { toDdm } from "./geo.js";
import { describeDetection } from "./watch.js";
import { formatTime, timeHtml } from "./time.js";
import { askReason } from "./dialog.js";
import { t, html, raw, formatNumber, hasKey } from "./i18n.js";
import { renderExportButtons } from "./exports.js";
import { serverText } from "./messages.js";
import { INDICATORS, PHASE_RANK, defaultPhase, describeAssetType, describeCourseChange, etaMinutes, isDowngrade, printSitrep, urgency } from "./workspace-parts.js";

/** An element of index.html by id; read as an input, which covers the form controls looked up this way. */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
// Every time through time.js: 24-hour, with its zone, reformatted in place by the UTC/local toggle.
const time = (iso) => timeHtml(iso);
const ETA_KEY = "mcoord.responderMaxEta";
const OUTCOMES = ["rescued", "disembarked", "false-alarm", "lost"];
const PHASE_CODES = { uncertainty: "INCERFA", alert: "ALERFA", distress: "DETRESFA" };
// A phase in the reader's language (the IAMSAR code word beside it in the panel is the same in every language).
const phaseName = (phase) => t(`phase.${phase}`);
// A server word (status, outcome) in the reader's language; one the console does not know is shown as it came.
const word = (key, value) => (hasKey(key) ? t(key) : value);
const offerOf = (p) => (p ? { from: p.fromCentreCode, to: p.toCentreCode, expiresAt: p.expiresAt ?? null } : null);

export class IncidentWorkspace {
  constructor({ me, liveMap, log, toast = null, alerts = null }) {
    this.me = me;
    this.toast = toast;
    this.alerts = alerts;
    this.liveMap = liveMap;
    this.log = log;
    this.incidents = new Map(); // id → summary (+ pendingOffer)
    this.selected = null; // workspace of the open incident
    this.responders = null;
    this.canCommand = me.roles.includes("operator") || me.roles.includes("admin");
    this.isAdmin = me.roles.includes("admin");
    for (const id of ["filter-scope", "filter-phase", "filter-text", "filter-closed"]) {
      $(id).addEventListener(id === "filter-text" ? "input" : "change", () => (id === "filter-closed" ? this.load() : this.render()));
    }
    if (!me.centre) $("filter-scope").hidden = true;
    liveMap.onIncidentClick = (id) => this.open(id);
    $("incidents").addEventListener("scroll", () => this.renderOffscreen(), { passive: true });
    window.addEventListener("resize", () => this.renderOffscreen());
  }

  // ---- list ----
  async load() {
    const includeClosed = $("filter-closed").checked;
    const list = await api(`/api/incidents${includeClosed ? "?includeClosed=true" : ""}`);
    // The summary carries the pending handover offer, so "offered to you" needs no workspace per incident.
    this.incidents = new Map(list.map((i) => [i.id, { ...i, pendingOffer: offerOf(i.pendingHandover) }]));
    this.liveMap.incidents = this.incidents;
    this.render();
    if (this.canCommand) await this.loadAssets();
    if (this.selected) await this.open(this.selected.incident.id, { keepScroll: true });
  }

  /** Every government asset with its availability and tasking, on the map without opening an incident. */
  async loadAssets() {
    try {
      this.liveMap.showAssets(await api("/api/map/responders"));
      // The legend's "Responders" box (index.html) toggles this layer too.
      const box = document.querySelector('input[data-layers^="responders"]');
      if (box && !box.dataset.layers.split(",").includes("assets")) box.dataset.layers += ",assets";
    } catch (e) {
      this.log?.(t("panel.assetsNotLoaded", { message: e.message }));
    }
  }

  upsert(partial) {
    const current = this.incidents.get(partial.id) ?? { pendingOffer: null };
    this.incidents.set(partial.id, { ...current, ...partial });
    this.render();
  }

  offeredToMe(i) { return !!this.me.centre && i.pendingOffer?.to === this.me.centre; }

  visible() {
    const scope = $("filter-scope").value, phase = $("filter-phase").value, text = $("filter-text").value.trim().toLowerCase();
    const includeClosed = $("filter-closed").checked;
    return [...this.incidents.values()].filter((i) => {
      if (i.latitude == null) return false;
      if (!includeClosed && (i.phase === "resolved" || i.phase === "closed")) return false;
      if (phase && i.phase !== phase) return false;
      if (scope === "mine" && i.coordinatingCentreCode !== this.me.centre) return false;
      if (scope === "offered" && !this.offeredToMe(i)) return false;
      if (text && !`${i.reference} ${i.coordinatingCentreCode} ${i.sarRegionCode ?? ""}`.toLowerCase().includes(text)) return false;
      return true;
    }).sort((a, b) => urgency(a, b, (i) => this.offeredToMe(i)));
  }

  /** "3 more below (1 in distress)": the list scrolls, and what is out of view must not be out of mind. */
  renderOffscreen() {
    const list = $("incidents");
    const box = list.getBoundingClientRect();
    let above = 0, below = 0, urgentBelow = 0, urgentAbove = 0;
    for (const li of list.children) {
      const r = li.getBoundingClientRect();
      const urgent = li.classList.contains("distress") || li.classList.contains("offered");
      if (r.bottom > box.bottom + 1) { below++; if (urgent) urgentBelow++; }
      else if (r.top < box.top - 1) { above++; if (urgent) urgentAbove++; }
    }
    const hidden = [...this.incidents.values()].filter((i) => i.latitude != null).length - list.children.length;
    const p = $("incidents-offscreen");
    const parts = [];
    const urgent = (n) => (n ? html` <span class="urgent">${t("list.urgent", { count: n })}</span>` : "");
    if (above) parts.push(html`▲ ${t("list.above", { count: above })}${urgent(urgentAbove)}`);
    if (below) parts.push(html`▼ ${t("list.below", { count: below })}${urgent(urgentBelow)}`);
    if (hidden > 0) parts.push(html`${t("list.filtered", { count: hidden })}`);
    p.innerHTML = parts.join(" · ");
    p.hidden = parts.length === 0;
    p.dataset.below = String(below);
    p.dataset.above = String(above);
    p.dataset.filtered = String(Math.max(0, hidden));
  }

  render() {
    const list = $("incidents");
    const rows = this.visible();
    list.replaceChildren(...rows.map((i) => {
      const li = document.createElement("li");
      li.dataset.reference = i.reference;
      li.dataset.id = i.id;
      li.classList.toggle("selected", this.selected?.incident.id === i.id);
      li.tabIndex = 0;
      const offered = this.offeredToMe(i);
      li.classList.toggle("distress", i.phase === "distress");
      li.classList.toggle("offered", offered);
      const offerTitle = offered ? (i.pendingOffer.expiresAt
        ? t("list.offeredTitleExpires", { centre: i.pendingOffer.from, time: formatTime(i.pendingOffer.expiresAt) })
        : t("list.offeredTitle", { centre: i.pendingOffer.from })) : "";
      li.innerHTML = String(html`<div><span class="ref">${i.reference}</span> <span class="phase phase-${i.phase}">${phaseName(i.phase)}</span>
        ${offered ? html`<span class="badge offer" data-testid="offered-badge" title="${offerTitle}">${t("list.offered")}</span>` : ""}
        ${i.isStale ? html`<span class="badge stale">${t("list.stale")}</span>` : ""}
        ${(i.possiblySameAs ?? []).length ? html`<span class="badge warn" data-testid="possibly-same-badge" title="${t("list.possiblySameTitle")}">${t("list.possiblySame", { references: i.possiblySameAs.join(", ") })}</span>` : ""}</div>
        <div class="where">${toDdm(i.latitude, i.longitude, 1)} · ${t("list.pob", { pob: i.personsOnBoard == null ? "?" : formatNumber(i.personsOnBoard) })} · ${i.coordinatingCentreCode}${i.sarRegionCode ? ` · ${i.sarRegionCode}` : ""}</div>`);
      li.addEventListener("click", () => this.open(i.id, { fly: true }));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") this.open(i.id, { fly: true }); });
      return li;
    }));
    $("incidents-empty").hidden = rows.length > 0;
    this.renderOffscreen();
    $("incident-count").textContent = String([...this.incidents.values()].filter((i) => i.phase !== "resolved" && i.phase !== "closed").length);
    this.liveMap.refreshIncidents();
  }

  // ---- panel ----
  async open(id, { fly = false, keepScroll = false, message = null, preserve = false } = {}) {
    const panel = $("incident-panel");
    let workspace;
    try {
      workspace = await api(`/api/incidents/${id}`);
    } catch (e) {
      this.log?.(t("panel.cannotOpen", { message: e.message }));
      return;
    }
    if (!keepScroll && this.selected?.incident.id !== id) this.responders = null;
    this.selected = workspace;
    const summary = workspace.incident;
    this.upsert({ ...summary, pendingOffer: offerOf(summary.pendingHandover) });
    for (const s of workspace.sightings) this.liveMap.addSighting({ ...s, incidentId: summary.id, uncertaintyNm: s.positionUncertaintyNm ?? null });
    this.liveMap.select(summary.id);
    if (fly) this.liveMap.map.flyTo({ center: [summary.longitude, summary.latitude], zoom: Math.max(this.liveMap.map.getZoom(), 6) });
    // Opening the incident already shown (a second click, a reload after a refusal) keeps what the operator typed.
    const same = !panel.hidden && panel.dataset.incidentId === id;
    this.renderPanel(message, { preserve: preserve || same });
    panel.hidden = false;
    document.body.dataset.incidentOpen = "true";
    if (this.responders?.incidentId === id) this.showRespondersOnMap();
    else this.liveMap.clearResponders();
  }

  close() {
    this.selected = null;
    this.responders = null;
    $("incident-panel").hidden = true;
    delete document.body.dataset.incidentOpen;
    this.liveMap.select(null);
    this.liveMap.clearResponders();
    this.render();
  }

  mayCoordinate(w) { return this.isAdmin || (this.me.roles.includes("operator") && w.incident.coordinatingCentreCode === this.me.centre); }

  renderPanel(message, { preserve = false } = {}) {
    const w = this.selected;
    const i = w.incident;
    // A live refresh must not wipe what the operator is typing: keep form values, open sections and the SITREP text.
    const saved = preserve && $("incident-panel").dataset.incidentId === i.id ? capturePanel($("incident-panel")) : null;
    const coordinate = this.mayCoordinate(w);
    const pending = w.handovers.find((h) => h.status === "pending");
    const offeredToMe = pending && (pending.toCentreCode === this.me.centre || (this.isAdmin && !this.me.centre));
    const offeredByMe = pending && coordinate;
    const j = w.jurisdiction;
    const pob = w.personsOnBoard;
    const taskedCodes = new Set(w.taskings.filter((t) => !t.releasedAt).map((t) => t.assetCode));
    const suggestedPhase = defaultPhase(i.phase, w.allowedPhases, w.assessment.suggestedPhase);
    const mismatch = (PHASE_RANK[w.assessment.suggestedPhase] ?? 0) > (PHASE_RANK[i.phase] ?? 0);
    const indicators = new Set(w.distressIndicators ?? []);
    const panel = $("incident-panel");
    panel.dataset.incidentId = i.id;
    panel.dataset.version = String(w.version);
    panel.dataset.phase = i.phase;
    panel.dataset.coordinatingCentre = i.coordinatingCentreCode;
    // Texts the server writes come with a message code said in the user's language (messages.js); those without one
    // (timeline summaries, link reasons: stored as written) stay English and carry lang="en" for screen readers.
    const pobParts = [["adults", pob.adults], ["minors", pob.minors], ["medical", pob.medicalCases], ["deceased", pob.deceased]]
      .filter(([, n]) => n != null).map(([k, n]) => html` · ${t(`panel.pob.${k}`, { n: formatNumber(n) })}`);
    const phaseCodes = (p) => (PHASE_CODES[p] ? ` (${PHASE_CODES[p]})` : "");
    panel.innerHTML = String(html`
      <div class="panel-head">
        <h2><span data-testid="panel-reference">${i.reference}</span>
          <span class="phase phase-${i.phase}" data-testid="panel-phase">${t(`panel.phaseName.${i.phase}`)}</span>
          ${PHASE_CODES[i.phase] ? html`<span class="muted">${PHASE_CODES[i.phase]}</span>` : ""}
          ${w.outcome ? html`<span class="badge">${word(`panel.outcome.${w.outcome}`, w.outcome)}</span>` : ""}</h2>
        <button type="button" class="close" data-action="close" aria-label="${t("panel.close")}">×</button>
      </div>
      <p class="panel-message ${message?.kind ?? ""}" data-testid="panel-message" role="alert">${message?.text ?? ""}</p>
      <dl class="facts">
        <dt>${t("panel.coordinating")}</dt><dd data-testid="panel-centre">${i.coordinatingCentreCode}${coordinate ? "" : html` <span class="muted">${t("panel.readOnly")}</span>`}</dd>
        <dt>${t("panel.lastPosition")}</dt><dd>${toDdm(i.latitude, i.longitude)} <span class="muted">${raw(time(i.lastSightingAt))}</span></dd>
        <dt>${t("panel.pobLabel")}</dt><dd data-testid="panel-pob">${pob.total == null ? t("panel.pob.unknown") : formatNumber(pob.total)}${pobParts}</dd>
        <dt>${t("panel.jurisdiction")}</dt><dd data-testid="panel-jurisdiction">${j.sarRegion ? html`${j.sarRegion.name} → ${j.rescueCentre?.code}${j.sarRegion.approximate ? html` <span class="badge warn">${t("panel.approxBoundary")}</span>` : ""}` : t("panel.noSarRegion")}<br><span class="muted" data-testid="jurisdiction-note">${serverText(j.noteMessage, j.note)}</span></dd>
        <dt>${t("panel.assessment")}</dt><dd data-testid="panel-assessment">${t("panel.suggests")} <b data-testid="assessment-phase">${t(`panel.phaseName.${w.assessment.suggestedPhase}`)}</b> ${t("panel.score", { score: w.assessment.score })}<br><span class="muted" data-testid="assessment-explanation">${serverText(w.assessment.explanationMessage, w.assessment.explanation)}</span>
          ${mismatch ? html`<div class="assessment-mismatch" data-testid="assessment-mismatch">${t("panel.mismatch", { suggested: t(`panel.phaseName.${w.assessment.suggestedPhase}`), phase: t(`panel.phaseName.${i.phase}`) })}${coordinate ? ` ${t("panel.mismatchRaise")}` : ""}</div>` : ""}</dd>
      </dl>

      ${this.renderLinks(w, coordinate)}

      ${coordinate && w.allowedPhases.length ? html`
      <details class="block" open><summary>${t("panel.phaseTitle")}</summary>
        <form data-action="phase" class="inline-form" data-testid="phase-form">
          <select name="phase" data-testid="phase-select" required aria-label="${t("panel.newPhaseLabel")}"><option value="" disabled ${suggestedPhase ? "" : "selected"}>${t("panel.newPhase")}</option>${w.allowedPhases.map((p) => html`<option value="${p}" ${p === suggestedPhase ? "selected" : ""}>${t(`panel.phaseName.${p}`)}${phaseCodes(p)}${isDowngrade(i.phase, p) ? t("panel.lower") : ""}</option>`)}</select>
          <select name="outcome" data-testid="phase-outcome" hidden>${OUTCOMES.map((o) => html`<option value="${o}">${t(`panel.outcome.${o}`)}</option>`)}</select>
          <input name="reason" placeholder="${t("panel.reasonRequired")}" required data-testid="phase-reason">
          <button type="submit" data-testid="phase-submit">${t("panel.changePhase")}</button>
        </form>
      </details>` : ""}

      <details class="block" data-testid="indicators-block" ${mismatch ? "open" : ""}><summary>${t("panel.indicatorsTitle")} <span class="muted">(${indicators.size})</span></summary>
        <form data-action="indicators" data-testid="indicators-form">
          <fieldset class="indicators" ${coordinate ? "" : "disabled"}><legend class="muted">${t("panel.indicatorsLegend")}</legend>
            ${INDICATORS.map(([code]) => html`<label><input type="checkbox" name="indicator" value="${code}" data-testid="indicator-${code}" ${indicators.has(code) ? "checked" : ""}>${t(`indicator.${code}`)}</label>`)}
          </fieldset>
          ${coordinate ? html`<div class="inline-form"><input name="reason" placeholder="${t("panel.reasonRequired")}" required data-testid="indicators-reason" aria-label="${t("panel.indicatorsReason")}">
          <button type="submit" data-testid="indicators-save">${t("panel.saveIndicators")}</button></div>` : ""}
        </form>
      </details>

      ${coordinate ? html`
      <details class="block"><summary>${t("panel.pobTitle")}</summary>
        <form data-action="pob" class="inline-form grid-form" data-testid="pob-form">
          ${["total", "adults", "minors", "medicalCases", "deceased"].map((f) => html`<label>${t(`panel.pobField.${f}`)}<input name="${f}" type="number" min="0" value="${pob[f] ?? ""}"></label>`)}
          <input name="reason" placeholder="${t("panel.reasonRequired")}" required>
          <button type="submit">${t("panel.updatePob")}</button>
        </form>
      </details>` : ""}

      <details class="block" open data-testid="handover-block"><summary>${t("panel.handoverTitle")}</summary>
        <p class="${w.handoverAdvice.suggestHandover ? "advice" : "muted"}" data-testid="handover-advice">${serverText(w.handoverAdvice.explanationMessage, w.handoverAdvice.explanation)}</p>
        ${pending ? html`<p data-testid="handover-pending">${t("panel.pending")} <b>${pending.fromCentreCode} → ${pending.toCentreCode}</b> · ${pending.reason} <span class="muted">${raw(t("panel.expires", { time: time(pending.expiresAt) }))}</span></p>` : ""}
        ${offeredToMe ? html`
          <form data-action="answer" class="inline-form" data-testid="handover-answer">
            <input name="reason" placeholder="${t("panel.reasonToDecline")}" data-testid="handover-answer-reason">
            <button type="submit" name="step" value="accept" class="primary" data-testid="handover-accept">${t("panel.acceptCoordination")}</button>
            <button type="submit" name="step" value="decline" data-testid="handover-decline">${t("panel.decline")}</button>
          </form>` : ""}
        ${offeredByMe && !offeredToMe ? html`
          <form data-action="withdraw" class="inline-form">
            <input name="reason" placeholder="${t("panel.reasonRequired")}" required>
            <button type="submit" data-testid="handover-withdraw">${t("panel.withdrawOffer")}</button>
          </form>` : ""}
        ${coordinate && !pending ? html`
          <form data-action="propose" class="inline-form" data-testid="handover-form">
            <select name="toCentre" data-testid="handover-to" required aria-label="${t("panel.handoverToLabel")}">${w.handoverAdvice.suggestHandover ? "" : html`<option value="" disabled selected>${t("panel.centrePlaceholder")}</option>`}${(this.liveMap.centres ?? []).filter((c) => c.code !== i.coordinatingCentreCode)
              .map((c) => html`<option value="${c.code}" ${c.code === w.handoverAdvice.toCentreCode && w.handoverAdvice.suggestHandover ? "selected" : ""}>${c.code} — ${c.name}</option>`)}</select>
            <input name="reason" placeholder="${t("panel.reasonRequired")}" required data-testid="handover-reason">
            <button type="submit" data-testid="handover-propose">${t("panel.proposeHandover")}</button>
          </form>` : ""}
        ${w.handovers.some((h) => h.status !== "pending") ? html`<ul class="small" data-testid="handover-history">${w.handovers.filter((h) => h.status !== "pending").map((h) => html`<li>${raw(time(h.proposedAt))} ${h.fromCentreCode} → ${h.toCentreCode}: <b>${word(`panel.handoverStatus.${h.status}`, h.status)}</b>${h.decisionReason && h.decisionReason !== h.reason ? ` — ${h.decisionReason}` : ""}</li>`)}</ul>` : ""}
      </details>

      ${this.canCommand ? html`
      <details class="block" open data-testid="responders-block"><summary>${t("panel.respondersTitle")}</summary>
        <div class="responder-tools">
          <button type="button" data-action="responders" data-testid="responders-load">${this.responders?.incidentId === i.id ? t("panel.refresh") : t("panel.findResponders")}</button>
          <label>${t("panel.etaWithin")} <select data-role="max-eta" data-testid="responders-max-eta">${[["", t("panel.etaAny")], ["60", "1 h"], ["180", "3 h"], ["360", "6 h"], ["720", "12 h"], ["1440", "24 h"]]
            .map(([v, label]) => html`<option value="${v}" ${v === (localStorage.getItem(ETA_KEY) ?? "") ? "selected" : ""}>${label}</option>`)}</select></label>
        </div>
        ${this.renderResponders(coordinate, taskedCodes)}
        ${w.taskings.length ? html`<h4>${t("panel.tasked")}</h4><ul class="small" data-testid="taskings">${w.taskings.map((k) => html`<li>${k.assetCode} · ${raw(time(k.taskedAt))} · ${t("panel.eta")} ${raw(time(k.estimatedArrival))}${k.releasedAt ? ` · ${t("panel.released")}` : ""}</li>`)}</ul>` : ""}
      </details>` : ""}

      <details class="block" data-testid="sitrep-block"><summary>SITREP <span class="muted">${t("panel.lastIssued", { number: w.lastSitrepNumber || t("panel.none") })}</span></summary>
        <div class="inline-form">
          <select data-role="sitrep-form" data-testid="sitrep-form"><option value="short">${t("panel.sitrepShort")}</option><option value="full">${t("panel.sitrepFull")}</option></select>
          <button type="button" data-action="sitrep" data-testid="sitrep-draft">${t("panel.draft")}</button>
          <button type="button" data-action="sitrep-copy" data-testid="sitrep-copy" disabled>${t("panel.copy")}</button>
          <button type="button" data-action="sitrep-print" data-testid="sitrep-print-button" disabled>${t("panel.print")}</button>
          ${coordinate ? html`<button type="button" data-action="sitrep-issue" data-testid="sitrep-issue">${t("panel.issue")}</button>` : ""}
        </div>
        <pre class="sitrep" data-testid="sitrep-text" lang="en" hidden></pre>
      </details>

      <details class="block" data-testid="exports-block"><summary>${t("panel.exportTitle")}</summary>
        <p class="muted small">${t("panel.exportHint")}</p>
        <div data-role="exports"></div>
        <p class="small muted" data-role="export-result" data-testid="export-result" role="status"></p>
      </details>

      <details class="block" open><summary>${t("panel.sightingsTitle", { count: w.sightings.length })}</summary>
        <ol class="small sightings" data-testid="panel-sightings">${w.sightings.slice().reverse().map((s) => html`<li data-lat="${s.latitude}" data-lon="${s.longitude}">
          <b>${raw(time(s.observedAt))}</b> ${toDdm(s.latitude, s.longitude, 1)}${s.positionText ? html` <span class="muted">(“${s.positionText}”)</span>` : ""}${(s.warnings ?? []).map((x) => hasKey(`warning.${x.code}`)
            ? html` <span class="badge position-warning" data-testid="sighting-warning" data-code="${x.code}" title="${t(`warning.${x.code}`)}">⚠ ${t(`warning.${x.code}`)}</span>`
            : html` <span class="badge position-warning" data-testid="sighting-warning" data-code="${x.code}" title="${x.message}" lang="en">⚠ ${x.message}</span>`)}<br>
          ${s.boatDescription} · ${t("list.pob", { pob: s.personsOnBoard == null ? "?" : formatNumber(s.personsOnBoard) })} · ${word(`condition.${s.condition}`, s.condition)} · ${s.reporter}
          ${coordinate && w.sightings.length > 1 ? html`<button type="button" data-action="split" data-sighting="${s.id}" data-testid="split-${s.id}" title="${t("panel.splitTitle")}">${t("panel.split")}</button>` : ""}</li>`)}</ol>
      </details>

      <details class="block" open><summary>${t("panel.timelineTitle", { count: w.timeline.length })}</summary>
        <ol class="small timeline" data-testid="panel-timeline">${w.timeline.slice().reverse().map((k) => html`<li><b>${raw(time(k.at))}</b> <span class="kind" lang="en">${k.kind}</span> <span lang="en">${k.summary}</span> <span class="muted">— ${k.actor}</span></li>`)}</ol>
      </details>`);
    if (saved) restorePanel(panel, saved);
    this.wirePanel(panel);
  }

  /** "Possibly the same as MC-…" flags (with Merge) and merge history: correlation never merges two boats by itself. */
  renderLinks(w, coordinate) {
    const links = w.links ?? [];
    if (!links.length) return "";
    const same = links.filter((l) => l.kind === "possibly-same");
    const history = links.filter((l) => l.kind !== "possibly-same");
    return html`<details class="block" open data-testid="links-block"><summary>${t("panel.linksTitle")}</summary>
      ${same.map((l) => html`<p class="advice" data-testid="possibly-same">${t("panel.possiblySameAs")} <b>${l.reference}</b>${l.distanceNauticalMiles != null ? ` (${formatNumber(l.distanceNauticalMiles)} nm)` : ""}: <span lang="en">${l.reason}</span>
        ${coordinate ? html`<button type="button" data-action="merge" data-other="${l.incidentId}" data-reference="${l.reference}" data-testid="merge-${l.reference}">${t("panel.mergeInto", { reference: l.reference })}</button>` : ""}</p>`)}
      ${history.map((l) => html`<p class="muted" data-testid="merge-history">${l.kind === "merged-into" ? t("panel.mergedInto") : t("panel.mergedFrom")} <b>${l.reference}</b> ${raw(time(l.at))}: ${l.reason}</p>`)}
    </details>`;
  }

  renderResponders(coordinate, taskedCodes) {
    const r = this.responders;
    if (!r || r.incidentId !== this.selected.incident.id) return "";
    if (r.ranked.length === 0) return html`<p class="muted">${t("panel.noResponders")}</p>`;
    const maxEta = Number(localStorage.getItem(ETA_KEY) || Infinity);
    const shown = r.ranked.filter((x) => etaMinutes(x, r.at) <= maxEta);
    const hidden = r.ranked.length - shown.length;
    const hours = maxEta / 60;
    return html`${hidden ? html`<p class="muted small" data-testid="responders-hidden" data-hidden="${hidden}">${t("panel.respondersHidden", { count: hidden, hours })}</p>` : ""}
      ${shown.length === 0 ? html`<p class="muted">${t("panel.noResponderWithin", { hours })}</p>` : html`<table class="responders" data-testid="responders-table">
      <colgroup><col class="rank"><col class="who"><col class="eta"><col class="course"><col class="age"><col class="act"></colgroup>
      <thead><tr><th>#</th><th>${t("panel.responder")}</th><th>${t("panel.eta")}</th><th title="${t("panel.courseTitle")}">${t("panel.course")}</th><th title="${t("panel.fixAgeTitle")}">${t("panel.fixAge")}</th><th><span class="visually-hidden">${t("panel.task")}</span></th></tr></thead><tbody>
      ${shown.map((x) => html`<tr class="${x.stale ? "stale" : ""}" data-id="${x.id}" data-eta-minutes="${Math.round(etaMinutes(x, r.at))}">
        <td>${x.rank}</td>
        <td>${x.name}<br><span class="muted" data-testid="responder-type" title="${x.kind === "asset" ? t("panel.assetTypeTitle", { type: x.type ?? "?" }) : t("panel.aisTypeTitle", { mmsi: String(x.id), type: x.type ?? t("panel.notSent") })}">${describeAssetType(x.kind, x.type)}${x.kind === "asset" ? "" : " · AIS"}${x.deadReckoned ? " · DR" : ""}${x.speedAssumed ? ` · ${t("panel.speedAssumed")}` : ""}</span></td>
        <td><b data-testid="responder-eta">${serverText(x.timeToArriveMessage, x.timeToArrive)}</b><br><span class="muted">${formatNumber(x.distanceNm)} nm</span></td>
        <td data-testid="responder-course">${describeCourseChange(x.courseChangeDegrees)}<br><span class="muted">CTS ${String(Math.round(x.courseToSteerDegrees)).padStart(3, "0")}°</span></td>
        <td data-testid="responder-age">${serverText(x.positionAgeMessage, x.positionAge)}${x.stale ? html` <span class="badge stale">${t("list.stale")}</span>` : ""}</td>
        <td>${coordinate && x.kind === "asset" ? (taskedCodes.has(x.id) ? html`<span class="badge">${t("panel.taskedBadge")}</span>`
          : html`<button type="button" data-action="task" data-asset="${x.id}" data-name="${x.name}" data-testid="task-${x.id}">${t("panel.task")}</button>`) : ""}</td>
      </tr>`)}</tbody></table>`}`;
  }
  showRespondersOnMap() {
    const w = this.selected;
    const tasked = new Set(w.taskings.filter((t) => !t.releasedAt).map((t) => t.assetCode));
    this.liveMap.showResponders({ latitude: w.incident.latitude, longitude: w.incident.longitude }, this.responders.ranked, tasked);
  }

  wirePanel(panel) {
    const id = this.selected.incident.id;
    const version = this.selected.version;
    panel.querySelector("[data-action=close]").addEventListener("click", () => this.close());
    const phaseForm = panel.querySelector("form[data-action=phase]");
    if (phaseForm) {
      const toggleOutcome = () => { phaseForm.outcome.hidden = phaseForm.phase.value !== "resolved"; };
      phaseForm.phase.addEventListener("change", toggleOutcome);
      toggleOutcome();
      phaseForm.addEventListener("submit", (e) => {
        e.preventDefault();
        const body = { phase: phaseForm.phase.value, reason: phaseForm.reason.value.trim(), expectedVersion: version };
        if (body.phase === "resolved") body.outcome = phaseForm.outcome.value;
        this.command(`/api/incidents/${id}/phase`, "POST", body, t("panel.msg.phaseChanged", { phase: t(`panel.phaseName.${body.phase}`) }));
      });
    }
    panel.querySelector("form[data-action=pob]")?.addEventListener("submit", (e) => {
      e.preventDefault();
      const f = e.target;
      const num = (n) => (f[n].value === "" ? null : Number(f[n].value));
      this.command(`/api/incidents/${id}/persons-on-board`, "PUT", { total: num("total"), adults: num("adults"), minors: num("minors"),
        medicalCases: num("medicalCases"), deceased: num("deceased"), reason: f.reason.value.trim(), expectedVersion: version }, t("panel.msg.pobUpdated"));
    });
    panel.querySelector("form[data-action=propose]")?.addEventListener("submit", (e) => {
      e.preventDefault();
      this.command(`/api/incidents/${id}/handover`, "POST", { toCentre: e.target.toCentre.value, reason: e.target.reason.value.trim() },
        t("panel.msg.handoverProposed", { to: e.target.toCentre.value, from: this.selected.incident.coordinatingCentreCode }));
    });
    panel.querySelector("form[data-action=answer]")?.addEventListener("submit", (e) => {
      e.preventDefault();
      const step = e.submitter?.value ?? "accept";
      const reason = e.target.reason.value.trim();
      this.alerts?.acknowledge(`offer:${id}`); // answering the offer is acknowledging its alert
      this.command(`/api/incidents/${id}/handover/${step}`, "POST", { reason: reason || null },
        step === "accept" ? t("panel.msg.accepted") : t("panel.msg.declined"));
    });
    panel.querySelector("form[data-action=withdraw]")?.addEventListener("submit", (e) => {
      e.preventDefault();
      this.command(`/api/incidents/${id}/handover/withdraw`, "POST", { reason: e.target.reason.value.trim() }, t("panel.msg.withdrawn"));
    });
    panel.querySelector("form[data-action=indicators]")?.addEventListener("submit", (e) => {
      e.preventDefault();
      const f = e.target;
      const chosen = [...f.querySelectorAll("input[name=indicator]:checked")].map((c) => c.value);
      this.command(`/api/incidents/${id}/distress-indicators`, "PUT", { indicators: chosen, reason: f.reason.value.trim(), expectedVersion: version },
        t("panel.msg.indicatorsSaved", { count: chosen.length }));
    });
    panel.querySelector("[data-action=responders]")?.addEventListener("click", () => this.loadResponders());
    panel.querySelector("[data-role=max-eta]")?.addEventListener("change", (e) => {
      localStorage.setItem(ETA_KEY, e.target.value);
      this.renderPanel(null, { preserve: true });
    });
    for (const b of panel.querySelectorAll("[data-action=task]")) {
      b.addEventListener("click", async () => {
        const reason = await askReason({ title: t("panel.taskDialog.title", { name: b.dataset.name ?? b.dataset.asset }),
          text: t("panel.taskDialog.text", { asset: b.dataset.asset, reference: this.selected.incident.reference }),
          value: t("panel.taskDialog.value"), ok: t("panel.task") });
        if (reason) this.command(`/api/incidents/${id}/taskings`, "POST", { assetCode: b.dataset.asset, reason }, t("panel.msg.tasked", { asset: b.dataset.asset }));
      });
    }
    renderExportButtons(panel.querySelector("[data-role=exports]"), {
      urlFor: (format) => `/api/history/incidents/${id}/positions?format=${format}&shape=tracks`,
      fallbackName: `incident-${this.selected.incident.reference}`, testid: "export",
      report: (text, kind) => { const p = panel.querySelector("[data-role=export-result]"); p.textContent = text; p.className = `small ${kind === "error" ? "field-error" : "muted"}`; },
    });
    const sitrepText = panel.querySelector(".sitrep");
    const copy = panel.querySelector("[data-action=sitrep-copy]");
    const printButton = panel.querySelector("[data-action=sitrep-print]");
    printButton.addEventListener("click", () => {
      const w = this.selected;
      const centreCode = this.me.centre ?? w.incident.coordinatingCentreCode;
      const centre = (this.liveMap.centres ?? []).find((c) => c.code === centreCode) ?? { code: centreCode };
      printSitrep({ text: sitrepText.textContent, reference: w.incident.reference, centre, me: this.me });
    });
    panel.querySelector("[data-action=sitrep]").addEventListener("click", async () => {
      const form = panel.querySelector("[data-role=sitrep-form]").value;
      try {
        sitrepText.textContent = await api(`/api/incidents/${id}/sitrep?form=${form}&format=text`, { text: true });
        sitrepText.hidden = false;
        copy.disabled = false;
        printButton.disabled = false;
      } catch (e) { this.flash(e.message, "error"); }
    });
    copy.addEventListener("click", () => copyText(sitrepText.textContent).then(
      () => { copy.textContent = t("panel.copied"); setTimeout(() => { copy.textContent = t("panel.copy"); }, 1500); },
      () => this.flash(t("panel.copyFailed"), "error")));
    panel.querySelector("[data-action=sitrep-issue]")?.addEventListener("click", async () => {
      const form = panel.querySelector("[data-role=sitrep-form]").value;
      try {
        const sitrep = await api(`/api/incidents/${id}/sitreps`, { method: "POST", body: { form } });
        await this.open(id, { keepScroll: true, message: { kind: "ok", text: t("panel.msg.sitrepIssued", { number: sitrep.number ?? "" }) } });
        const block = /** @type {HTMLDetailsElement} */ ($("incident-panel").querySelector("[data-testid=sitrep-block]"));
        block.open = true;
        const pre = block.querySelector(".sitrep");
        pre.textContent = sitrep.text ?? "";
        pre.hidden = false;
        block.querySelector("button[data-action=sitrep-copy]").disabled = false;
        block.querySelector("button[data-action=sitrep-print]").disabled = false;
      } catch (e) { this.flash(e.message, "error"); }
    });
    for (const b of panel.querySelectorAll("[data-action=merge]")) {
      b.addEventListener("click", async () => {
        const reason = await askReason({ title: t("panel.mergeDialog.title", { other: b.dataset.reference, reference: this.selected.incident.reference }),
          text: t("panel.mergeDialog.text"), value: t("panel.mergeDialog.value"), ok: t("panel.mergeDialog.ok") });
        if (reason) this.command(`/api/incidents/${id}/merge`, "POST", { otherIncidentId: b.dataset.other, reason, expectedVersion: version },
          t("panel.msg.merged", { other: b.dataset.reference }));
      });
    }
    for (const b of panel.querySelectorAll("[data-action=split]")) {
      b.addEventListener("click", async (e) => {
        e.stopPropagation();
        const reason = await askReason({ title: t("panel.splitDialog.title"), text: t("panel.splitDialog.text"), value: t("panel.splitDialog.value"), ok: t("panel.split") });
        if (reason) this.command(`/api/incidents/${id}/sightings/${b.dataset.sighting}/split`, "POST", { reason, expectedVersion: version },
          t("panel.msg.split"));
      });
    }
    for (const li of panel.querySelectorAll(".sightings li")) {
      li.addEventListener("click", () => this.liveMap.map.flyTo({ center: [Number(li.dataset.lon), Number(li.dataset.lat)], zoom: Math.max(7, this.liveMap.map.getZoom()) }));
    }
  }

  async loadResponders() {
    const id = this.selected.incident.id;
    try {
      const r = await api(`/api/incidents/${id}/responders?limit=15`);
      this.responders = { incidentId: id, ...r };
      this.renderPanel();
      this.showRespondersOnMap();
    } catch (e) { this.flash(e.message, "error"); }
  }

  async command(path, method, body, success) {
    const id = this.selected.incident.id;
    try {
      const workspace = await api(path, { method, body });
      this.log?.(`${this.selected.incident.reference}: ${success}`);
      if (workspace?.incident) {
        this.selected = workspace;
        this.upsert({ ...workspace.incident });
        this.renderPanel({ kind: "ok", text: success });
        if (this.responders?.incidentId === id) this.showRespondersOnMap();
      } else await this.open(id, { keepScroll: true, message: { kind: "ok", text: success } });
    } catch (e) {
      if (e instanceof ApiError && e.code === "stale-version") {
        // Someone else changed it: show the current state, and say so; the operator re-applies on purpose.
        await this.open(id, { keepScroll: true, message: { kind: "error stale", text: e.message } });
        return;
      }
      const fields = e instanceof ApiError ? Object.entries(e.errors).map(([f, m]) => `${f}: ${m.join(" ")}`).join("; ") : "";
      this.flash(fields && !e.problem.detail ? fields : e.message, "error");
    }
  }

  flash(text, kind) {
    const p = $("incident-panel").querySelector(".panel-message");
    if (!p) return;
    p.textContent = text;
    p.className = `panel-message ${kind}`;
  }

  // ---- live updates from the hub ----
  async onEvent(name, e) {
    const id = e.incidentId;
    switch (name) {
      case "incidentOpened": {
        const flags = (e.possiblySameAs ?? []).map((f) => f.reference);
        this.upsert({ id, reference: e.reference, phase: e.phase, latitude: e.latitude, longitude: e.longitude, personsOnBoard: e.personsOnBoard,
          coordinatingCentreCode: e.coordinatingCentreCode, sarRegionCode: e.sarRegionCode, openedAt: e.openedAt, lastSightingAt: e.openedAt, isStale: false,
          possiblySameAs: flags });
        // The flag shows on both incidents.
        for (const f of e.possiblySameAs ?? []) {
          const other = this.incidents.get(f.incidentId);
          if (other) this.upsert({ id: f.incidentId, possiblySameAs: [...new Set([...(other.possiblySameAs ?? []), e.reference])] });
          if (this.selected?.incident.id === f.incidentId) await this.open(f.incidentId, { keepScroll: true, preserve: true, message: { kind: "live", text: t("panel.updatedLive", { event: describeEvent(name, e, { reason: false }) }) } });
        }
        break;
      }
      case "sightingLogged": {
        const current = this.incidents.get(id);
        const newer = !current?.lastSightingAt || e.observedAt >= current.lastSightingAt;
        this.upsert({ id, reference: e.incidentReference, phase: current?.phase ?? "uncertainty", coordinatingCentreCode: e.coordinatingCentreCode,
          isStale: false, sarRegionCode: newer ? e.sarRegionCode : current?.sarRegionCode,
          // The incident's POB is the operator's estimate: a sighting's own count never replaces it.
          ...(newer ? { latitude: e.latitude, longitude: e.longitude, lastSightingAt: e.observedAt } : {}) });
        break;
      }
      case "incidentMarkedStale": this.upsert({ id, isStale: true }); break;
      case "responderTasked": if (this.canCommand) await this.loadAssets(); break;
      case "incidentPhaseChanged": this.upsert({ id, phase: e.phase, coordinatingCentreCode: e.coordinatingCentreCode }); break;
      case "incidentPersonsOnBoardChanged": this.upsert({ id, personsOnBoard: e.total }); break;
      case "incidentsMerged": {
        const gone = e.mergedReference;
        for (const i of this.incidents.values()) {
          if ((i.possiblySameAs ?? []).includes(gone)) this.upsert({ id: i.id, possiblySameAs: i.possiblySameAs.filter((r) => r !== gone) });
        }
        this.upsert({ id, possiblySameAs: (this.incidents.get(id)?.possiblySameAs ?? []).filter((r) => r !== gone), personsOnBoard: e.personsOnBoard });
        if (this.selected?.incident.id === e.mergedIncidentId) await this.open(id, { keepScroll: true, message: { kind: "live", text: t("panel.updatedLive", { event: describeEvent(name, e, { reason: false }) }) } });
        break;
      }
      case "incidentHandoverChanged":
        this.upsert({ id, reference: e.reference, coordinatingCentreCode: e.coordinatingCentreCode,
          pendingOffer: e.step === "proposed" ? { from: e.fromCentreCode, to: e.toCentreCode } : null });
        // An incident offered to us was not in our list before: fetch its summary.
        if (this.incidents.get(id)?.latitude == null) {
          try { this.upsert({ ...(await api(`/api/incidents/${id}`)).incident }); } catch { /* not visible to us */ }
        }
        break;
      default: break;
    }
    if (id && this.selected?.incident.id === id && name !== "incidentOpened") {
      await this.open(id, { keepScroll: true, preserve: true, message: { kind: "live", text: t("panel.updatedLive", { event: describeEvent(name, e, { reason: false }) }) } });
    }
  }
}

/** One line for the events log; `reason: false` leaves the reason out where the timeline beside it shows it already. */
export function describeEvent(name, e, { reason = true } = {}) {
  const why = (r) => (reason && r ? `: ${r}` : "");
  const phase = (p) => word(`panel.phaseName.${p}`, p);
  switch (name) {
    case "incidentOpened": return t("event.incidentOpened", { reference: e.reference, phase: phase(e.phase), position: toDdm(e.latitude, e.longitude, 1), centre: e.coordinatingCentreCode });
    case "sightingLogged": return t("event.sightingLogged", { reference: e.incidentReference, boat: e.boatDescription, pob: e.personsOnBoard == null ? "?" : String(e.personsOnBoard) });
    case "incidentMarkedStale": return t("event.incidentMarkedStale", { reference: e.reference });
    case "incidentPhaseChanged": return t("event.incidentPhaseChanged", { reference: e.reference, from: phase(e.previousPhase), to: phase(e.phase),
      outcome: e.outcome ? ` (${word(`panel.outcome.${e.outcome}`, e.outcome)})` : "", actor: e.actor }) + why(e.reason);
    case "incidentHandoverChanged": return t("event.incidentHandoverChanged", { reference: e.reference, step: word(`event.step.${e.step}`, e.step), from: e.fromCentreCode, to: e.toCentreCode, centre: e.coordinatingCentreCode });
    case "handoverSuggested": return t(e.uncertain ? "event.handoverSuggestedUncertain" : "event.handoverSuggested", { reference: e.reference, centre: e.suggestedCentreCode });
    case "responderTasked": return e.estimatedArrival
      ? t("event.responderTaskedEta", { reference: e.reference, asset: e.assetName, time: formatTime(e.estimatedArrival) })
      : t("event.responderTasked", { reference: e.reference, asset: e.assetName });
    case "detectionEventRaised": return t("event.detected", { detection: describeDetection({ ...e, id: e.eventId }) });
    case "detectionEventWithdrawn": return t("event.withdrawn", { kind: e.kind, mmsi: String(e.mmsi) });
    case "detectionAlert": return t("event.detectionAlert", { severity: e.severity, detection: describeDetection({ ...e, id: e.eventId }) });
    case "incidentEscalated": return t("event.incidentEscalated", { reference: e.reference, centre: e.coordinatingCentreCode });
    case "supervisorEscalation": return t("event.supervisorEscalation", { reference: e.reference, centre: e.coordinatingCentreCode });
    case "handoverOfferReminder": return t("event.handoverOfferReminder", { reference: e.reference, from: e.fromCentreCode, to: e.toCentreCode });
    case "incidentPersonsOnBoardChanged": return t("event.pobChanged", { reference: e.reference, pob: e.total == null ? t("panel.pob.unknown") : String(e.total), actor: e.actor }) + why(e.reason);
    case "incidentDistressIndicatorsChanged": return t("event.indicatorsChanged", { reference: e.reference,
      indicators: e.indicators.length ? e.indicators.map((c) => word(`indicator.${c}`, c)).join(", ") : t("panel.none"), phase: phase(e.suggestedPhase), actor: e.actor }) + why(e.reason);
    case "sitrepIssued": return t(e.final ? "event.sitrepIssuedFinal" : "event.sitrepIssued", { reference: e.reference, number: String(e.number), actor: e.actor });
    case "incidentsMerged": return t("event.merged", { other: e.mergedReference, reference: e.reference, actor: e.actor }) + why(e.reason);
    case "sightingSplit": return t("event.split", { reference: e.reference, other: e.newReference, actor: e.actor }) + why(e.reason);
    default: return name;
  }
}

function capturePanel(panel) {
  const fields = {};
  for (const el of panel.querySelectorAll("form[data-action] [name], select[data-role]")) {
    if (el.tagName === "BUTTON") continue;
    const key = `${el.closest("form")?.dataset.action ?? ""}:${el.name || el.dataset.role}`;
    if (el.type === "checkbox") fields[`${key}:${el.value}`] = el.checked;
    else fields[key] = el.value;
  }
  const focused = /** @type {HTMLInputElement | null} */ (document.activeElement && panel.contains(document.activeElement) ? document.activeElement : null);
  return {
    fields,
    focus: focused ? `${focused.closest("form")?.dataset.action ?? ""}:${focused.name || focused.dataset.role || ""}` : null,
    open: Object.fromEntries([...panel.querySelectorAll("details")].map((d) => [sectionName(d), d.open])),
    sitrep: panel.querySelector(".sitrep")?.hidden === false ? panel.querySelector(".sitrep").textContent : null,
  };
}

const sectionName = (details) => details.querySelector("summary")?.firstChild?.textContent.trim() ?? "";

function restorePanel(panel, saved) {
  for (const el of panel.querySelectorAll("form[data-action] [name], select[data-role]")) {
    if (el.tagName === "BUTTON") continue;
    const key = `${el.closest("form")?.dataset.action ?? ""}:${el.name || el.dataset.role}`;
    if (el.type === "checkbox") { if (`${key}:${el.value}` in saved.fields) el.checked = saved.fields[`${key}:${el.value}`]; continue; }
    if (key in saved.fields && (el.tagName !== "SELECT" || [...el.options].some((o) => o.value === saved.fields[key]))) el.value = saved.fields[key];
    if (key === saved.focus) queueMicrotask(() => el.focus());
  }
  for (const d of panel.querySelectorAll("details")) if (sectionName(d) in saved.open) d.open = saved.open[sectionName(d)];
  if (saved.sitrep !== null) {
    const pre = panel.querySelector(".sitrep");
    pre.textContent = saved.sitrep;
    pre.hidden = false;
    panel.querySelector("[data-action=sitrep-copy]").disabled = false;
    panel.querySelector("[data-action=sitrep-print]").disabled = false;
  }
}

async function copyText(text) {
  if (navigator.clipboard?.writeText) {
    try { await navigator.clipboard.writeText(text); return; } catch { /* fall back */ }
  }
  const area = document.createElement("textarea");
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}
