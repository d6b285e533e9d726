// @ts-check
// The liaison officer's sighting form: validated before sending with the server's own rules
// (MaritimeCoord.Domain/Sightings/SightingReport.cs: SightingValidation, SightingRules.Default; the position through the
// ported CoordinateParser), server rejections shown next to the field they name, and an outbox in localStorage: a post
// that fails because the link dropped is kept and sent again with the same Idempotency-Key when the link returns.

import { api, ApiError, NetworkError } from "./api.js";
import { parseCoordinates, toDdm } from "./geo.js";
import { formatTime, parseTimeInput } from "./time.js";
import { t, hasKey } from "./i18n.js";

// SightingRules.Default and SightingValidation's limits.
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const MAX_POB = 5000, MAX_DESCRIPTION = 1000, MAX_REPORTER = 200, MAX_NOTES = 4000, MAX_UNCERTAINTY = 500;
const CONDITIONS = ["unknown", "underway", "overloaded", "disabled", "taking-water", "sinking", "capsized"];

// Server field names → the form field that shows them.
const FIELD_OF = {
  observedAt: "time", positionText: "position", latitude: "position", longitude: "position", position: "position",
  boatDescription: "description", personsOnBoard: "pob", condition: "condition", reporter: "reporter",
  positionUncertaintyNm: "uncertainty", notes: "notes",
};

const OUTBOX_KEY = "mcoord.outbox.v1";
/** An element of index.html by id; read as an input, which covers the form controls looked up this way. */
const $ = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

const ZONES = [
  ["-12:00"], ["-11:00"], ["-10:00", "Hawaii"], ["-09:00"], ["-08:00"], ["-07:00"], ["-06:00"], ["-05:00"], ["-04:00"], ["-03:00"],
  ["-02:00"], ["-01:00"], ["+00:00", "UTC"], ["+01:00"], ["+02:00"], ["+03:00"], ["+04:00"], ["+05:00", "Maldives, Pakistan"],
  ["+05:30", "Sri Lanka, India"], ["+05:45", "Nepal"], ["+06:00", "Bangladesh"], ["+06:30", "Myanmar, Cocos Is."],
  ["+07:00", "WIB Jakarta, Thailand, Christmas Is."], ["+08:00", "WITA Bali, Malaysia, Perth"], ["+09:00", "WIT Papua, Timor-Leste, Japan"],
  ["+09:30", "Darwin, Adelaide"], ["+10:00", "AEST Brisbane, PNG"], ["+10:30", "Adelaide DST"], ["+11:00", "Solomon Is., AEDT"],
  ["+12:00", "Fiji, NZST"], ["+13:00", "Tonga, NZDT"], ["+14:00"],
];

export function offsetString(minutesEast) {
  const sign = minutesEast < 0 ? "-" : "+";
  const abs = Math.abs(minutesEast);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

// The form's labels for the API's field names: a message names what the officer sees, not what the server calls it.
const LABEL_KEYS = {
  observedAt: "label.observedAt", positionText: "label.position", latitude: "label.latitude", longitude: "label.longitude", position: "label.position",
  boatDescription: "label.boatDescription", personsOnBoard: "label.personsOnBoard", condition: "label.condition",
  reporter: "label.reporter", positionUncertaintyNm: "label.positionUncertaintyNm", notes: "label.notes",
};
const label = (field) => (LABEL_KEYS[field] ? t(LABEL_KEYS[field]) : t("label.this"));
const lowerFirst = (text) => text.charAt(0).toLocaleLowerCase() + text.slice(1);

// The rules' messages (client and server word them alike; the position parser's are the server's CoordinateParser's,
// the time parser's are js/time.js's) in the officer's words and language: [pattern, key, the captures' names].
/** @type {[RegExp, string, string[]?][]} */
const PLAIN = [
  [/^observedAt is required.*$/, "err.timeRequired"],
  [/^observedAt is in the future\.?$/, "err.timeFuture"],
  [/^observedAt is more than (\d+) days ago\.?$/, "err.timeTooOld", ["days"]],
  [/^observedAt must be a date and time with a UTC offset\.?$/, "err.timeOffset"],
  [/^boatDescription is required.*$/, "err.descriptionRequired"],
  [/^personsOnBoard must be a whole number\.?$/, "err.pobWhole"],
  [/^personsOnBoard cannot be negative\.?$/, "err.pobNegative"],
  [/^personsOnBoard is above (\d+)\.?$/, "err.pobMax", ["max"]],
  [/^reporter is required.*$/, "err.reporterRequired"],
  [/^positionUncertaintyNm must be between 0 and 500\.?$/, "err.uncertaintyRange"],
  [/^condition must be one of.*$/, "err.condition"],
  [/^(\w+) is longer than (\d+) characters\.?$/, "err.tooLong", ["field", "max"]],
  [/^latitude must be a number within.*$/, "err.latitudeRange"],
  [/^longitude must be a number within.*$/, "err.longitudeRange"],
  [/^positionText could not be read\.?$/, "err.positionUnread"],
  [/^Give the position, e\.g\..*$/, "err.positionRequired"],
  [/^Position text is empty\.$/, "geo.empty"],
  [/^Position text is longer than (\d+) characters\.$/, "geo.tooLong", ["max"]],
  [/^Unexpected word at character (\d+); use N, S, E or W for hemispheres\.$/, "geo.word", ["at"]],
  [/^'(.*)' is not a number\.$/, "geo.notNumber", ["text"]],
  [/^Unexpected character '(.*)' at position (\d+)\.$/, "geo.character", ["char", "at"]],
  [/^Expected a latitude and a longitude: use one comma \(or ; or \/\) between them, no more\.$/, "geo.oneSeparator"],
  [/^Expected a latitude and a longitude, found (\d+) coordinate\(s\)\.$/, "geo.found", ["count"]],
  [/^Give a hemisphere letter \(N\/S, E\/W\) for both coordinates or for neither\.$/, "geo.hemisphereBoth"],
  [/^Expected a latitude and a longitude: more than two hemisphere letters\.$/, "geo.hemisphereMany"],
  [/^Put the hemisphere letter either before both coordinates or after both.*$/, "geo.hemispherePlace"],
  [/^Mark the degrees of both coordinates.*$/, "geo.degreesBoth"],
  [/^Without hemisphere letters or degree signs.*$/, "geo.needComma"],
  [/^Put a space or a comma between the latitude and the longitude \(at character (\d+)\)\.$/, "geo.needSpace", ["at"]],
  [/^Two hemisphere letters for one coordinate\.$/, "geo.twoHemispheres"],
  [/^Use either a minus sign or a hemisphere letter, not both\.$/, "geo.signAndHemisphere"],
  [/^A sign must be followed directly by a number \(character (\d+)\)\.$/, "geo.signNumber", ["at"]],
  [/^A hemisphere letter has no number\.$/, "geo.hemisphereNoNumber"],
  [/^Unexpected number at character (\d+)\.$/, "geo.unexpectedNumber", ["at"]],
  [/^Write the unit sign right after its number \(character (\d+)\)\.$/, "geo.unitAfter", ["at"]],
  [/^A hemisphere letter goes before or after a coordinate, not inside it \(character (\d+)\)\.$/, "geo.hemisphereInside", ["at"]],
  [/^A minus sign may only precede the degrees \(character (\d+)\)\.$/, "geo.minusDegrees", ["at"]],
  [/^A unit symbol .* must follow a number \(character (\d+)\)\.$/, "geo.unitFollow", ["at"]],
  [/^A coordinate has at most degrees, minutes and seconds\.$/, "geo.tooManyParts"],
  [/^Degrees, minutes and seconds are out of order\.$/, "geo.order"],
  [/^Only the last part of a coordinate may have decimals\.$/, "geo.decimalsLast"],
  [/^Degrees have at most three digits\.$/, "geo.degreesDigits"],
  [/^Minutes have at most two digits\.$/, "geo.minutesDigits"],
  [/^Seconds have at most two digits\.$/, "geo.secondsDigits"],
  [/^Minutes must be less than 60\.$/, "geo.minutes60"],
  [/^Seconds must be less than 60\.$/, "geo.seconds60"],
  [/^Latitude must be within 90° of the equator\.$/, "geo.latitude"],
  [/^Longitude must be within 180° of Greenwich\.$/, "geo.longitude"],
  [/^Enter the date and time, e\.g\. .*$/, "time.empty"],
  [/^Write the date and time as year-month-day.*$/, "time.format"],
  [/^The month must be 01 to 12\.$/, "time.month"],
  [/^The day must be 01 to (\d+) in that month\.$/, "time.day", ["days"]],
  [/^The hour must be 00 to 23.*$/, "time.hour"],
  [/^The minutes must be 00 to 59\.$/, "time.minutes"],
];

/** A rule's message in plain words; an unknown one keeps its text with the API's field names replaced by labels. */
export function plainMessage(message) {
  if (!message) return "";
  for (const [pattern, key, names = []] of PLAIN) {
    const m = message.match(pattern);
    if (!m) continue;
    // Numbers from a message are kept as written ("5000"): they are limits and positions, not quantities to group.
    const vars = Object.fromEntries(names.map((name, i) => [name, name === "field" ? label(m[i + 1]) : m[i + 1]]));
    if (names.includes("count")) vars.count = Number(vars.count);
    return t(key, vars);
  }
  return message
    .replace(/^(latitude|longitude|reporter|notes|condition)\b/, (f) => label(f))
    .replace(/\b(observedAt|positionText|boatDescription|personsOnBoard|positionUncertaintyNm)\b/g, (f, _, at) => (at === 0 ? label(f) : lowerFirst(label(f))));
}

/** Validates the form's values; returns { body, errors } with errors keyed by form field. */
export function validateSighting(v, now = Date.now()) {
  const errors = {};
  const body = {};

  const typed = v.time ? parseTimeInput(v.time) : null;
  if (!v.time) errors.time = "observedAt is required (date and time of the sighting).";
  else if (typed.error) errors.time = typed.error;
  else {
    const iso = `${typed.value}${v.zone}`;
    const at = Date.parse(iso);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$/.test(iso) || Number.isNaN(at))
      errors.time = "observedAt must be a date and time with a UTC offset.";
    else if (at - now > MAX_CLOCK_SKEW_MS) errors.time = "observedAt is in the future.";
    else if (now - at > MAX_AGE_MS) errors.time = "observedAt is more than 30 days ago.";
    else body.observedAt = iso;
  }

  const parsed = parseCoordinates(v.position);
  if (!v.position || !v.position.trim()) errors.position = "Give the position, e.g. 08°12.5'S 114°30.2'E, or pick it on the map.";
  else if (parsed.error) errors.position = parsed.error;
  else { body.positionText = v.position.trim(); body.latitude = parsed.position.latitude; body.longitude = parsed.position.longitude; }

  const description = [v.boatType, v.description?.trim()].filter(Boolean).join(": ");
  if (!description) errors.description = "boatDescription is required: choose a type or describe the boat.";
  else if (description.length > MAX_DESCRIPTION) errors.description = `boatDescription is longer than ${MAX_DESCRIPTION} characters.`;
  else body.boatDescription = description;

  if (v.pob !== "" && v.pob != null) {
    const pob = Number(v.pob);
    if (!Number.isInteger(pob)) errors.pob = "personsOnBoard must be a whole number.";
    else if (pob < 0) errors.pob = "personsOnBoard cannot be negative.";
    else if (pob > MAX_POB) errors.pob = `personsOnBoard is above ${MAX_POB}.`;
    else body.personsOnBoard = pob;
  }

  if (!CONDITIONS.includes(v.condition)) errors.condition = `condition must be one of: ${CONDITIONS.join(", ")}.`;
  else body.condition = v.condition;

  const reporter = v.reporter?.trim();
  if (!reporter) errors.reporter = "reporter is required (name or call sign of the observer).";
  else if (reporter.length > MAX_REPORTER) errors.reporter = `reporter is longer than ${MAX_REPORTER} characters.`;
  else body.reporter = reporter;

  if (v.uncertainty !== "" && v.uncertainty != null) {
    const u = Number(v.uncertainty);
    if (!Number.isFinite(u) || u < 0 || u > MAX_UNCERTAINTY) errors.uncertainty = "positionUncertaintyNm must be between 0 and 500.";
    else body.positionUncertaintyNm = u;
  }

  const notes = v.notes?.trim();
  if (notes && notes.length > MAX_NOTES) errors.notes = `notes is longer than ${MAX_NOTES} characters.`;
  else if (notes) body.notes = notes;

  return { body, errors };
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

export class SightingForm {
  /**
   * @param {{ me: import("./types").Me, liveMap: import("./map.js").LiveMap, onLogged?: (sighting: any) => void, log: (text: string) => void }} options
   */
  constructor({ me, liveMap, onLogged, log }) {
    this.me = me;
    this.liveMap = liveMap;
    this.onLogged = onLogged;
    this.log = log;
    this.form = $("sighting-form");
    this.flushing = false;
    this.fillZones();
    this.setNow();
    $("sf-reporter").value = localStorage.getItem("mcoord.reporter") ?? me.name ?? "";

    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.submit(); });
    $("sf-now").addEventListener("click", () => { this.setNow(); this.validateField("time"); });
    $("sf-pick").addEventListener("click", () => this.pick());
    $("pick-cancel").addEventListener("click", () => { liveMap.stopPick(); $("pick-hint").hidden = true; });
    $("outbox-retry").addEventListener("click", () => this.flush());
    // Mark a bad field as soon as the officer leaves it, not only on send.
    for (const [id, field] of [["sf-position", "position"], ["sf-time", "time"], ["sf-zone", "time"], ["sf-pob", "pob"],
      ["sf-uncertainty", "uncertainty"], ["sf-reporter", "reporter"], ["sf-description", "description"]]) {
      $(id).addEventListener("change", () => this.validateField(field));
      $(id).addEventListener("blur", () => this.validateField(field));
    }
    $("sf-position").addEventListener("input", () => this.previewPosition());
    $("sf-time").addEventListener("input", () => this.previewTime());
    $("sf-zone").addEventListener("change", () => this.previewTime());

    window.addEventListener("online", () => this.flush());
    setInterval(() => { if (this.pending().length > 0) this.flush(); }, 15000);
    this.renderOutbox();
    this.flush();
  }

  fillZones() {
    const local = offsetString(-new Date().getTimezoneOffset());
    const select = $("sf-zone");
    const zones = ZONES.some(([z]) => z === local) ? ZONES : [...ZONES, [local]];
    for (const [zone, label] of zones) {
      const option = document.createElement("option");
      option.value = zone;
      option.textContent = `UTC${zone}${label ? ` ${label}` : ""}${zone === local ? ` ${t("sighting.zoneThisDevice")}` : ""}`;
      select.append(option);
    }
    select.value = localStorage.getItem("mcoord.zone") ?? local;
  }

  setNow() {
    const zone = $("sf-zone").value || "+00:00";
    const [, sign, hh, mm] = zone.match(/([+-])(\d\d):(\d\d)/);
    const offsetMin = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm));
    const local = new Date(Date.now() + offsetMin * 60000);
    $("sf-time").value = local.toISOString().slice(0, 16).replace("T", " ");
    this.previewTime();
  }

  values() {
    return {
      time: $("sf-time").value, zone: $("sf-zone").value, position: $("sf-position").value, uncertainty: $("sf-uncertainty").value,
      pob: $("sf-pob").value, condition: $("sf-condition").value, boatType: $("sf-boat-type").value, description: $("sf-description").value,
      reporter: $("sf-reporter").value, notes: $("sf-notes").value,
    };
  }

  previewPosition() {
    const text = $("sf-position").value;
    const parsed = parseCoordinates(text);
    $("sf-position-preview").textContent = text.trim() && parsed.position ? `= ${toDdm(parsed.position.latitude, parsed.position.longitude)}` : "";
    if (parsed.position) this.liveMap.setPickMarker([parsed.position.longitude, parsed.position.latitude]);
    if (parsed.position && this.fieldHasError("position")) this.showError("position", "");
  }

  previewTime() {
    const { time, zone } = this.values();
    const typed = parseTimeInput(time);
    const at = typed.value ? Date.parse(`${typed.value}${zone}`) : NaN;
    $("sf-time-preview").textContent = !Number.isNaN(at) ? `= ${formatTime(at, { zone: "UTC" })}` : "";
  }

  fieldHasError(field) { return !!this.form.querySelector(`[data-error-for="${field}"]`).textContent; }

  validateField(field) {
    const { errors } = validateSighting(this.values());
    // Only fields the officer has filled in are judged while typing; the send judges all.
    const value = { time: $("sf-time").value, position: $("sf-position").value, pob: $("sf-pob").value, uncertainty: $("sf-uncertainty").value,
      reporter: $("sf-reporter").value, description: $("sf-description").value || $("sf-boat-type").value }[field];
    if (field === "description" || field === "reporter") { if (!value) return; }
    else if (!value) { this.showError(field, ""); return; }
    this.showError(field, errors[field] ?? "");
  }

  showError(field, message) {
    const p = this.form.querySelector(`[data-error-for="${field}"]`);
    if (!p) { this.showError("form", message); return; }
    p.textContent = plainMessage(message);
    const container = this.form.querySelector(`[data-field="${field}"]`);
    container?.classList.toggle("invalid", !!message);
    container?.querySelectorAll("input, select, textarea").forEach((el) => el.setAttribute("aria-invalid", message ? "true" : "false"));
  }

  clearErrors() {
    for (const p of this.form.querySelectorAll("[data-error-for]")) this.showError(p.dataset.errorFor, "");
  }

  showErrors(errors) {
    this.clearErrors();
    for (const [field, message] of Object.entries(errors)) this.showError(field, message);
    const first = this.form.querySelector(".field.invalid input, .field.invalid select, .field.invalid textarea");
    first?.focus();
  }

  pick() {
    $("pick-hint").hidden = false;
    document.body.dataset.picking = "true";
    this.liveMap.startPick((lngLat) => {
      $("pick-hint").hidden = true;
      delete document.body.dataset.picking;
      $("sf-position").value = toDdm(lngLat.lat, lngLat.lng);
      this.previewPosition();
      this.validateField("position");
    });
  }

  async submit() {
    const { body, errors } = validateSighting(this.values());
    $("sf-result").textContent = "";
    $("sf-warnings").replaceChildren();
    if (Object.keys(errors).length > 0) { this.showErrors(errors); return; }
    this.clearErrors();
    localStorage.setItem("mcoord.reporter", body.reporter);
    localStorage.setItem("mcoord.zone", $("sf-zone").value);
    // Send the typed text as reported; the server parses it again (same rules) and keeps it with the sighting.
    delete body.latitude; delete body.longitude;
    const item = { key: newKey(), subject: this.me.subject, body, queuedAt: new Date().toISOString(), attempts: 0 };
    this.save([...this.load(), item]); // kept before the first attempt: a crash or a closed tab loses nothing
    this.renderOutbox();
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const outcome = await this.send(item);
      if (outcome === "sent") this.resetForm();
      else if (outcome === "queued") {
        this.resetForm();
        $("sf-result").textContent = t("sighting.queued");
        $("sf-result").className = "result queued";
      }
    } finally {
      button.disabled = false;
    }
  }

  resetForm() {
    for (const id of ["sf-position", "sf-uncertainty", "sf-pob", "sf-description", "sf-notes"]) $(id).value = "";
    $("sf-boat-type").value = "";
    $("sf-condition").value = "unknown";
    $("sf-position-preview").textContent = "";
    this.setNow();
    this.liveMap.setPickMarker(null);
  }

  /** One attempt: "sent", "queued" (kept for a retry) or "rejected" (removed; errors shown). */
  async send(item) {
    item.attempts += 1;
    try {
      const response = await api("/api/sightings", { method: "POST", body: item.body, headers: { "Idempotency-Key": item.key } });
      this.remove(item.key);
      const s = response;
      $("sf-result").textContent = t(s.incidentOpened ? "sighting.loggedNew" : "sighting.loggedOn",
        { reference: s.incidentReference, position: s.position.degreesDecimalMinutes, centre: s.coordinatingCentreCode });
      $("sf-result").className = "result ok";
      // Logged all the same (the officer may be right), but a position on land or at 0°N 0°E must be checked.
      $("sf-warnings").replaceChildren(...(s.warnings ?? []).map((w) => {
        const li = document.createElement("li");
        li.dataset.code = w.code;
        li.textContent = `⚠ ${hasKey(`warning.${w.code}`) ? t(`warning.${w.code}`) : w.message}`;
        return li;
      }));
      if (s.warnings?.length) $("sf-warnings").scrollIntoView({ block: "nearest" });
      this.liveMap.addSighting({ id: s.id, incidentId: s.incidentId, observedAt: s.observedAt, latitude: s.position.latitude,
        longitude: s.position.longitude, boatDescription: s.boatDescription, personsOnBoard: s.personsOnBoard, condition: s.condition,
        uncertaintyNm: item.body.positionUncertaintyNm ?? null });
      this.log?.(t("sighting.logEntry", { reference: s.incidentReference, position: s.position.degreesDecimalMinutes }));
      this.onLogged?.(s);
      return "sent";
    } catch (e) {
      // Link down, or a server/proxy that is down or restarting: keep it and retry later with the same key.
      if (e instanceof NetworkError || (e instanceof ApiError && (e.status >= 500 || e.status === 408 || e.status === 429 || e.status === 401))) {
        item.lastError = e.message;
        this.update(item);
        return "queued";
      }
      // Refused for what it says: not retried. Show the reasons next to the fields they name.
      this.remove(item.key);
      const fieldErrors = {};
      for (const [field, messages] of Object.entries(e instanceof ApiError ? e.errors : {}))
        fieldErrors[FIELD_OF[field] ?? "form"] = [fieldErrors[FIELD_OF[field] ?? "form"], ...messages.map(plainMessage)].filter(Boolean).join(" ");
      if (Object.keys(fieldErrors).length === 0) fieldErrors.form = e.message;
      this.restore(item.body);
      this.showErrors(fieldErrors);
      $("sf-result").textContent = "";
      return "rejected";
    } finally {
      this.renderOutbox();
    }
  }

  /** Puts a refused sighting back into the form so the officer can correct it. */
  restore(body) {
    $("sf-position").value = body.positionText ?? "";
    $("sf-uncertainty").value = body.positionUncertaintyNm ?? "";
    $("sf-pob").value = body.personsOnBoard ?? "";
    $("sf-condition").value = body.condition ?? "unknown";
    $("sf-boat-type").value = "";
    $("sf-description").value = body.boatDescription ?? "";
    $("sf-reporter").value = body.reporter ?? "";
    $("sf-notes").value = body.notes ?? "";
    const m = body.observedAt?.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2})?([+-]\d{2}:\d{2})$/);
    if (m) { $("sf-time").value = m[1].replace("T", " "); $("sf-zone").value = m[2]; }
    this.previewPosition();
    this.previewTime();
  }

  /** Sends every kept sighting of this user, oldest first; stops at the first that cannot get through. */
  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const item of this.pending()) {
        const outcome = await this.send(item);
        if (outcome === "queued") break;
      }
    } finally {
      this.flushing = false;
    }
  }

  pending() { return this.load().filter((i) => i.subject === this.me.subject); }
  load() { try { return JSON.parse(localStorage.getItem(OUTBOX_KEY) ?? "[]"); } catch { return []; } }
  save(items) { localStorage.setItem(OUTBOX_KEY, JSON.stringify(items)); }
  remove(key) { this.save(this.load().filter((i) => i.key !== key)); }
  update(item) { this.save(this.load().map((i) => (i.key === item.key ? item : i))); }

  renderOutbox() {
    const items = this.pending();
    $("outbox").hidden = items.length === 0;
    $("outbox-count").textContent = String(items.length);
    $("outbox-list").replaceChildren(...items.map((i) => {
      const li = document.createElement("li");
      li.textContent = `${i.body.positionText} · ${i.body.boatDescription} · ${t("outbox.queuedAt", { time: formatTime(i.queuedAt) })} · ${t("outbox.attempts", { count: i.attempts })}`;
      return li;
    }));
  }
}
