// @ts-check
// Sticky alerts: distress, escalations and handover offers stay on screen until an operator acknowledges them (a click
// on "Acknowledge", never a timeout), with an optional sound. The sound is a beep generated with WebAudio (nothing to
// download), off by default and remembered on this device; the browser only lets a page play sound after a user
// gesture, so the AudioContext is created when the operator turns the sound on.

import { formatTime } from "./time.js";
import { t } from "./i18n.js";

const SOUND_KEY = "mcoord.alertSound";
const $ = (id) => document.getElementById(id);

export class AlertCentre {
  constructor() {
    this.open = new Map(); // key → element
    this.acknowledged = []; // { key, text, at }
    this.beeps = 0; // read by the browser tests
    this.sound = localStorage.getItem(SOUND_KEY) === "on";
    this.audio = null;
    const button = $("alert-sound");
    if (button) {
      this.renderSoundButton();
      button.addEventListener("click", () => {
        this.sound = !this.sound;
        localStorage.setItem(SOUND_KEY, this.sound ? "on" : "off");
        if (this.sound) { this.ensureAudio(); this.beep(); }
        this.renderSoundButton();
      });
    }
    // A remembered "on" still needs a gesture before the browser plays anything: the first click anywhere unlocks it.
    document.addEventListener("pointerdown", () => { if (this.sound) this.ensureAudio(); }, { once: true });
  }

  renderSoundButton() {
    const b = $("alert-sound");
    b.setAttribute("aria-pressed", String(this.sound));
    b.textContent = this.sound ? t("alerts.soundOn") : t("alerts.soundOff");
    b.title = this.sound ? t("alerts.soundOnTitle") : t("alerts.soundOffTitle");
  }

  ensureAudio() {
    if (!this.audio) {
      const Ctx = window.AudioContext ?? window.webkitAudioContext;
      if (!Ctx) return null;
      this.audio = new Ctx();
    }
    if (this.audio.state === "suspended") this.audio.resume().catch(() => {});
    return this.audio;
  }

  /** Two short tones (880 Hz, then 660 Hz): audible over a room's noise, not a siren. */
  beep() {
    const ctx = this.ensureAudio();
    if (!ctx) return;
    const t0 = ctx.currentTime;
    for (const [freq, start] of [[880, 0], [660, 0.22]]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "square";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + start);
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + start);
      osc.stop(t0 + start + 0.2);
    }
    this.beeps++;
  }

  /**
   * Raises an alert that stays until acknowledged. The same key raised again (a repeat or a reminder) updates the text
   * and moves it to the top instead of stacking a copy.
   */
  raise({ key, text, severity = "critical", kind = "alert", onOpen = null }) {
    const stack = this.stack();
    let div = this.open.get(key);
    if (!div) {
      div = document.createElement("div");
      div.className = `toast alert sticky ${severity}`;
      div.dataset.testid = "alert";
      div.dataset.kind = kind;
      div.dataset.key = key;
      div.setAttribute("role", "alert");
      const body = document.createElement("div");
      body.className = "alert-text";
      const when = document.createElement("div");
      when.className = "alert-when";
      const actions = document.createElement("div");
      actions.className = "alert-actions";
      if (onOpen) {
        const open = document.createElement("button");
        open.type = "button";
        open.textContent = t("alerts.open");
        open.addEventListener("click", onOpen);
        actions.append(open);
      }
      const ack = document.createElement("button");
      ack.type = "button";
      ack.className = "alert-ack";
      ack.dataset.testid = "alert-ack";
      ack.textContent = t("alerts.acknowledge");
      ack.addEventListener("click", () => this.acknowledge(key));
      actions.append(ack);
      div.append(body, when, actions);
      this.open.set(key, div);
    }
    div.querySelector(".alert-text").textContent = text;
    div.querySelector(".alert-when").textContent = t("alerts.raised", { time: formatTime(Date.now(), { seconds: true }) });
    stack.prepend(div);
    this.renderCount();
    if (this.sound) this.beep();
  }

  acknowledge(key) {
    const div = this.open.get(key);
    if (!div) return;
    this.acknowledged.push({ key, text: div.querySelector(".alert-text").textContent, at: new Date().toISOString() });
    div.remove();
    this.open.delete(key);
    this.renderCount();
  }

  renderCount() { document.body.dataset.openAlerts = String(this.open.size); }

  stack() {
    let stack = $("toasts");
    if (!stack) { stack = document.createElement("div"); stack.id = "toasts"; stack.className = "toasts"; document.body.append(stack); }
    return stack;
  }
}

/**
 * Which live events are alerts for this centre, as { key, text, kind, incidentId } or null. Distress anywhere this
 * centre sees; escalations; a handover offered to this centre (and its reminders) until answered.
 */
export function alertFor(name, e, me) {
  switch (name) {
    case "incidentOpened":
      return e.phase === "distress" ? { key: `distress:${e.incidentId}`, kind: "distress", incidentId: e.incidentId, text: t("alerts.distressOpened", { reference: e.reference, centre: e.coordinatingCentreCode }) } : null;
    case "incidentPhaseChanged": // the operator who raised it needs no alarm for it
      return e.phase === "distress" && e.previousPhase !== "distress" && e.actor !== me.name
        ? { key: `distress:${e.incidentId}`, kind: "distress", incidentId: e.incidentId, text: t("alerts.distressRaised", { reference: e.reference, actor: e.actor, centre: e.coordinatingCentreCode }) } : null;
    case "incidentEscalated":
      return { key: `escalated:${e.incidentId}`, kind: "escalation", incidentId: e.incidentId, text: t("alerts.escalated", { reference: e.reference, centre: e.coordinatingCentreCode, time: formatTime(e.distressSince) }) };
    case "supervisorEscalation":
      return { key: `supervisor:${e.incidentId}`, kind: "escalation", incidentId: e.incidentId, text: t("alerts.supervisor", { reference: e.reference, centre: e.coordinatingCentreCode, time: formatTime(e.distressSince) }) };
    case "incidentHandoverChanged":
      return e.step === "proposed" && me.centre && e.toCentreCode === me.centre
        ? { key: `offer:${e.incidentId}`, kind: "handover-offer", incidentId: e.incidentId, text: t("alerts.offer", { reference: e.reference, centre: e.fromCentreCode }) } : null;
    case "handoverOfferReminder":
      return me.centre && e.toCentreCode === me.centre
        ? { key: `offer:${e.incidentId}`, kind: "handover-offer", incidentId: e.incidentId, text: t("alerts.offerReminder", { reference: e.reference, centre: e.fromCentreCode, time: formatTime(e.proposedAt) }) } : null;
    default:
      return null;
  }
}
