// @ts-check
// Time without ambiguity: one formatter for every time the console shows, always 24-hour and always with its zone,
// and one parser for every time typed in, in ISO form whatever the browser's locale. UTC by default; the signed-in
// centre's local time on demand (the header's toggle, remembered on this device). Times rendered as <time datetime>
// elements are reformatted in place when the toggle changes, so no module has to re-render for it.

import { language } from "./i18n.js";

const MODE_KEY = "mcoord.timeMode";

// Where each rescue centre keeps its watch (samples/geo/rescue-centres.geojson: the centre's city).
const CENTRE_ZONES = {
  "JRCC-AUS": "Australia/Sydney", "BASARNAS-IDN": "Asia/Jakarta", "MRCC-MYS": "Asia/Kuala_Lumpur", "BKKRCC-THA": "Asia/Bangkok",
  "MECC-THA": "Asia/Bangkok", "MRCC-PHL": "Asia/Manila", "MRCC-LKA": "Asia/Colombo", "MRCC-BGD": "Asia/Dhaka", "MRCC-MMR": "Asia/Yangon",
  "MRCC-PNG": "Pacific/Port_Moresby", "RCCNZ-NZL": "Pacific/Auckland", "MRCC-IND-CHENNAI": "Asia/Kolkata", "MRCC-IND-MUMBAI": "Asia/Kolkata",
  "MRCC-IND-PORTBLAIR": "Asia/Kolkata", "MRCC-SGP": "Asia/Singapore",
};

let mode = localStorage.getItem(MODE_KEY) === "local" ? "local" : "utc";
let localZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
let localName = "this device";
const listeners = new Set();

/** The signed-in centre decides what "local" means (its watch's zone); without a centre, this device's zone. */
export function setCentre(code) {
  if (code && CENTRE_ZONES[code]) { localZone = CENTRE_ZONES[code]; localName = code; }
}

export const timeMode = () => mode;
export const localZoneName = () => localName;

export function setTimeMode(next) {
  mode = next === "local" ? "local" : "utc";
  localStorage.setItem(MODE_KEY, mode);
  for (const el of document.querySelectorAll("time[datetime]")) el.textContent = formatTime(el.getAttribute("datetime"), { seconds: el.dataset.seconds === "1" });
  for (const f of listeners) f(mode);
}

export const onTimeModeChange = (f) => listeners.add(f);

const partsCache = new Map();
function partsIn(zone, date) {
  let fmt = partsCache.get(zone);
  if (!fmt) {
    // en-GB with h23: the parts are numbers in a fixed order; the locale only names the parts, it does not shape the output.
    fmt = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset" });
    partsCache.set(zone, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * "2026-12-07 19:05 UTC", or in the centre's time "2026-12-08 06:05 UTC+11:00". Accepts an ISO string, a Date or epoch
 * ms; "—" for nothing. The zone is always written: a time without its zone is the ambiguity this module removes.
 * @param {string | number | Date | null | undefined} value
 * @param {{ seconds?: boolean, zone?: string | null }} [options]
 */
export function formatTime(value, { seconds = false, zone = null } = {}) {
  if (value == null || value === "") return "—";
  const date = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value));
  if (Number.isNaN(date.getTime())) return "—";
  const useLocal = zone ? zone !== "UTC" : mode === "local";
  if (language() !== "en") return formatInLanguage(date, language(), useLocal ? (zone ?? localZone) : "UTC", seconds);
  if (!useLocal) {
    const s = date.toISOString();
    return `${s.slice(0, 10)} ${s.slice(11, seconds ? 19 : 16)} UTC`;
  }
  const p = partsIn(zone ?? localZone, date);
  const offset = (p.timeZoneName ?? "GMT").replace("GMT", "UTC");
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""} ${offset === "UTC" ? "UTC+00:00" : offset}`;
}

// Other languages than English: the day, the month's short name and the year in the language's order ("7 Des 2026"), so
// no reader swaps day and month; still the 24-hour clock, the Gregorian calendar, Latin digits and the zone written.
const languageFormats = new Map();
function formatInLanguage(date, lang, zone, seconds) {
  const id = `${lang}|${zone}|${seconds}`;
  let fmt = languageFormats.get(id);
  if (!fmt) {
    // Date and clock formatted apart and joined by a space: some languages put a comma between them when together.
    const common = { timeZone: zone, calendar: "gregory", numberingSystem: "latn" };
    const day = new Intl.DateTimeFormat(lang, { ...common, year: "numeric", month: "short", day: "numeric" });
    const clock = new Intl.DateTimeFormat(lang, { ...common, hourCycle: "h23", hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}) });
    fmt = { format: (d) => `${day.format(d)} ${clock.format(d)}` };
    languageFormats.set(id, fmt);
  }
  if (zone === "UTC") return `${fmt.format(date)} UTC`;
  const offset = (partsIn(zone, date).timeZoneName ?? "GMT").replace("GMT", "UTC");
  return `${fmt.format(date)} ${offset === "UTC" ? "UTC+00:00" : offset}`;
}

/** The same text inside a <time datetime> element (escaped), so the toggle can reformat it in place. */
export function timeHtml(value, { seconds = false } = {}) {
  if (value == null || value === "") return "—";
  const date = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value));
  if (Number.isNaN(date.getTime())) return "—";
  return `<time datetime="${date.toISOString()}"${seconds ? ' data-seconds="1"' : ""}>${formatTime(date, { seconds })}</time>`;
}

/** A <time> element for DOM-built rows. */
export function timeElement(value, { seconds = false } = {}) {
  const el = document.createElement("time");
  const date = value instanceof Date ? value : new Date(typeof value === "number" ? value : String(value));
  if (Number.isNaN(date.getTime())) { el.textContent = "—"; return el; }
  el.setAttribute("datetime", date.toISOString());
  if (seconds) el.dataset.seconds = "1";
  el.textContent = formatTime(date, { seconds });
  return el;
}

/**
 * Parses a typed date and time in ISO / 24-hour form: "2026-12-07 14:30", "2026-12-07T14:30", seconds optional.
 * Returns { value: "2026-12-07T14:30:00" } (no zone: the caller adds it) or { error } in plain words.
 */
export function parseTimeInput(text) {
  const t = String(text ?? "").trim();
  if (!t) return { error: "Enter the date and time, e.g. 2026-12-07 14:30." };
  const m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/);
  if (!m) return { error: "Write the date and time as year-month-day hour:minute on the 24-hour clock, e.g. 2026-12-07 14:30." };
  const [, y, mo, d, h, mi, s = "00"] = m;
  const pad = (v) => v.padStart(2, "0");
  if (Number(mo) < 1 || Number(mo) > 12) return { error: "The month must be 01 to 12." };
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(d) < 1 || Number(d) > days) return { error: `The day must be 01 to ${days} in that month.` };
  if (Number(h) > 23) return { error: "The hour must be 00 to 23 (24-hour clock)." };
  if (Number(mi) > 59 || Number(s) > 59) return { error: "The minutes must be 00 to 59." };
  return { value: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${mi}:${s}` };
}

/** What a time input shows for an instant, in UTC: "2026-12-07 14:30". */
export const toUtcInput = (ms) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
