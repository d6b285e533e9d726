// "Held reports": SMS and e-mail reports the intake could not turn into a sighting on its own (no position, several,
// on land…), for the receiving centre's operators (admins: every centre). Each shows the original text, who sent it
// and what is missing; the operator resolves it (gives or corrects the position, persons on board, description: it
// becomes a sighting, logged as that operator) or discards it with a reason. The list comes from
// GET /api/intake/reviews and is fetched again whenever the hub says a report of this centre was held, resolved or
// discarded (intakeReviewChanged), and after a reconnect. Server rules: docs/intake.md § Reviews.

import { api } from "./api.js";
import { timeElement } from "./time.js";

// Every string the panel shows, in one place (translations replace this object).
export const TEXT = {
  title: "Held reports",
  intro: "SMS and e-mail reports that need an operator: read the original, then log it as a sighting or discard it.",
  empty: "No report is waiting.",
  from: "From",
  via: { sms: "SMS", email: "E-mail" },
  missing: "Needs",
  resolve: "Log as sighting…",
  discard: "Discard…",
  position: "Position",
  positionHint: "any notation, e.g. 08°12.5'S 114°30.2'E; empty: the position found in the text",
  personsOnBoard: "Persons on board",
  description: "Boat description",
  descriptionHint: "empty: what the text says",
  logSighting: "Log sighting",
  reason: "Reason for discarding",
  confirmDiscard: "Discard report",
  cancel: "Cancel",
  reasonRequired: "Give a reason.",
  resolved: (ref, incident) => `${ref} logged as a sighting${incident ? ` in ${incident}` : ""}`,
  discarded: (ref) => `${ref} discarded`,
  changed: (ref, status) => `report ${ref} ${status === "review" ? "held for review" : status}`,
  loadFailed: (message) => `held reports: ${message}`,
};

// What the intake's reasons mean to an operator (Domain/Intake ReviewReasons).
export const REASON_TEXT = {
  noPosition: "a position (none found)",
  severalPositions: "one position (several differ)",
  invalidPosition: "a valid position (the one given is impossible)",
  nullIsland: "a real position (0°N 0°E: no fix)",
  positionOnLand: "a position at sea (the one given is on land)",
  conflictingPersonsOnBoard: "one number of persons on board (they differ)",
  invalidReport: "a valid report",
};

// Problem details name the request's fields; the form shows them beside its own.
const FIELD_OF = { latitude: "position", longitude: "position", positionText: "position", personsOnBoard: "pob", boatDescription: "description",
  reason: "reason", observedAt: "position", status: "form" };

const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};

export class IntakePanel {
  /** Builds its own section in the side panel, before the Watch panel (shown with the incidents view). */
  constructor({ me, log }) {
    this.me = me;
    this.log = log;
    this.reviews = new Map(); // id → review
    this.open = null; // { id, mode: "resolve" | "discard" }
    this.section = el("section", { id: "intake-panel", className: "intake-panel" });
    this.section.dataset.viewPanel = "incidents";
    this.section.dataset.testid = "intake-panel";
    this.section.hidden = true;
    this.count = el("span", { className: "count" }, "0");
    this.count.dataset.testid = "intake-count";
    this.list = el("ol", { className: "intake-list" });
    this.list.dataset.testid = "intake-list";
    this.empty = el("p", { className: "muted" }, TEXT.empty);
    this.section.append(el("h2", {}, `${TEXT.title} `, this.count), el("p", { className: "muted small" }, TEXT.intro), this.list, this.empty);
    const watch = document.getElementById("watch-panel");
    if (watch) watch.before(this.section);
    else document.querySelector("aside").append(this.section);
  }

  async load() {
    try {
      const list = await api("/api/intake/reviews");
      this.reviews = new Map(list.map((r) => [r.id, r]));
    } catch (err) {
      this.log(TEXT.loadFailed(err.message));
    }
    this.render();
  }

  onEvent(name, e) {
    if (name !== "intakeReviewChanged") return;
    this.log(TEXT.changed(e.reference, e.status));
    if (e.status !== "review" && this.open?.id !== e.reviewId) this.reviews.delete(e.reviewId);
    this.load();
  }

  render() {
    const list = [...this.reviews.values()].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
    this.count.textContent = String(list.length);
    this.empty.hidden = list.length > 0;
    // An open form keeps what the operator typed: only the other items are rebuilt.
    const keep = this.open ? this.list.querySelector(`li[data-id="${this.open.id}"]`) : null;
    this.list.replaceChildren(...list.map((r) => (keep && r.id === this.open.id ? keep : this.item(r))));
    if (this.open && !this.reviews.has(this.open.id)) this.open = null;
  }

  item(r) {
    const li = el("li", { className: "intake-item" });
    li.dataset.id = r.id;
    li.dataset.testid = "intake-item";
    const head = el("div", { className: "intake-head" },
      el("strong", {}, r.reference), " · ", TEXT.via[r.channel] ?? r.channel, " · ", timeElement(r.receivedAt),
      this.me.centre === r.centreCode ? null : ` · ${r.centreCode}`);
    const sender = el("div", { className: "small" }, `${TEXT.from}: `, el("span", { className: "intake-sender" }, r.sender));
    const needs = el("div", { className: "intake-needs small" }, `${TEXT.missing}: ${r.reasons.map((x) => REASON_TEXT[x] ?? x).join("; ")}`);
    needs.dataset.testid = "intake-needs";
    const notes = r.notes.length ? el("div", { className: "muted small" }, r.notes.join(" ")) : null;
    const body = el("pre", { className: "intake-body" }, r.body);
    body.dataset.testid = "intake-body";
    const resolve = el("button", { type: "button" }, TEXT.resolve);
    resolve.dataset.testid = "intake-resolve";
    const discard = el("button", { type: "button" }, TEXT.discard);
    discard.dataset.testid = "intake-discard";
    const actions = el("div", { className: "row intake-actions" }, resolve, discard);
    const form = el("div", { className: "intake-form" });
    resolve.addEventListener("click", () => this.showForm(li, r, "resolve", form));
    discard.addEventListener("click", () => this.showForm(li, r, "discard", form));
    li.append(head, sender, needs, notes, body, actions, form);
    return li;
  }

  showForm(li, r, mode, form) {
    this.open = { id: r.id, mode };
    const error = (key) => {
      const p = el("p", { className: "field-error" });
      p.dataset.errorFor = key;
      p.dataset.testid = `intake-error-${key}`;
      return p;
    };
    const input = (key, label, hint, props = {}) => {
      const id = `intake-${key}-${r.id}`;
      const i = el("input", { id, autocomplete: "off", ...props });
      i.dataset.testid = `intake-${key}`;
      return { input: i, field: el("div", { className: "field" }, el("label", { htmlFor: id }, label, hint ? el("span", { className: "hint" }, ` ${hint}`) : null), i, error(key)) };
    };
    const submit = el("button", { type: "submit" }, mode === "resolve" ? TEXT.logSighting : TEXT.confirmDiscard);
    submit.dataset.testid = "intake-submit";
    const cancel = el("button", { type: "button" }, TEXT.cancel);
    cancel.addEventListener("click", () => { this.open = null; form.replaceChildren(); });
    const f = el("form", { noValidate: true });
    let read;
    if (mode === "resolve") {
      const pos = input("position", TEXT.position, TEXT.positionHint, { spellcheck: false });
      const pob = input("pob", TEXT.personsOnBoard, null, { type: "number", min: 0, max: 5000, step: 1, inputMode: "numeric" });
      const desc = input("description", TEXT.description, TEXT.descriptionHint);
      f.append(pos.field, pob.field, desc.field);
      read = () => {
        const body = {};
        if (pos.input.value.trim()) body.positionText = pos.input.value.trim();
        if (pob.input.value.trim()) body.personsOnBoard = Number(pob.input.value);
        if (desc.input.value.trim()) body.boatDescription = desc.input.value.trim();
        return body;
      };
    } else {
      const reason = input("reason", TEXT.reason, null);
      f.append(reason.field);
      read = () => ({ reason: reason.input.value.trim() });
    }
    f.append(error("form"), el("div", { className: "row" }, submit, cancel));
    f.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      for (const p of f.querySelectorAll(".field-error")) p.textContent = "";
      const body = read();
      if (mode === "discard" && !body.reason) { f.querySelector("[data-error-for=reason]").textContent = TEXT.reasonRequired; return; }
      submit.disabled = true;
      try {
        const result = await api(`/api/intake/reviews/${r.id}/${mode}`, { method: "POST", body });
        this.log(mode === "resolve" ? TEXT.resolved(r.reference, result?.incidentReference) : TEXT.discarded(r.reference));
        this.open = null;
        this.reviews.delete(r.id);
        this.render();
      } catch (err) {
        const errors = err.errors ?? {};
        const keys = Object.keys(errors);
        for (const k of keys) {
          const target = f.querySelector(`[data-error-for="${FIELD_OF[k] ?? "form"}"]`) ?? f.querySelector("[data-error-for=form]");
          target.textContent = [target.textContent, ...errors[k]].filter(Boolean).join(" ");
        }
        if (keys.length === 0) f.querySelector("[data-error-for=form]").textContent = err.message;
      } finally {
        submit.disabled = false;
      }
    });
    form.replaceChildren(f);
    f.querySelector("input")?.focus();
  }
}
