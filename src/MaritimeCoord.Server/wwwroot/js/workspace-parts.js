// @ts-check
// Small rules of the incident workspace that need no page: urgency order of the list, the phase picker's default,
// readable responder types and course changes, the distress indicators' labels, and the SITREP print view.

import { formatTime } from "./time.js";
import { t } from "./i18n.js";

export const PHASE_RANK = { uncertainty: 1, alert: 2, distress: 3 };

/** The wire names of Domain/Incidents/DistressIndicator.cs with its Describe() wording, in the regulation's order. */
export const INDICATORS = [
  ["request-for-assistance", "assistance requested"],
  ["unseaworthy", "boat not seaworthy"],
  ["overloaded", "overloaded for its type and condition"],
  ["insufficient-supplies", "short of fuel, water or food"],
  ["no-qualified-crew", "no qualified crew or command"],
  ["lacking-safety-equipment", "lacking safety, navigation or communication equipment"],
  ["medical-emergency", "persons needing urgent medical assistance"],
  ["deceased-on-board", "deceased persons on board"],
  ["pregnant-women-on-board", "pregnant women on board"],
  ["children-on-board", "children on board"],
  ["adverse-weather-or-sea", "adverse weather or sea"],
  ["imminent-danger", "grave and imminent danger (sinking, capsized, persons in the water)"],
];

/**
 * The list's order: distress first, then offers to my centre, then the oldest (opened first: it has waited longest);
 * the reference breaks ties so the order is stable.
 */
export function urgency(a, b, offeredToMe) {
  const distress = (i) => (i.phase === "distress" ? 1 : 0);
  return (distress(b) - distress(a))
    || (Number(offeredToMe(b)) - Number(offeredToMe(a)))
    || (Date.parse(a.openedAt ?? a.lastSightingAt ?? 0) - Date.parse(b.openedAt ?? b.lastSightingAt ?? 0))
    || String(a.reference).localeCompare(String(b.reference));
}

/**
 * What the phase picker shows first: the assessment's phase when it is a raise the lifecycle allows, else nothing
 * (the operator chooses). Never a downgrade: lowering a phase is a decision, not a default.
 */
export function defaultPhase(current, allowed, suggested) {
  const rank = PHASE_RANK[current] ?? 0;
  if (suggested && allowed.includes(suggested) && (PHASE_RANK[suggested] ?? 0) > rank) return suggested;
  return "";
}

/** A target the picker marks as a downgrade. */
export const isDowngrade = (current, target) => (PHASE_RANK[target] ?? 99) < (PHASE_RANK[current] ?? 0);

// Responder types by code, named in the reader's language: the centres' asset types (Domain AssetType) and the
// ITU-R M.1371 ship and cargo types of AIS message 5, by first digit, with the special second-digit cases of 3x and 5x.
const ASSET_TYPES = ["PatrolBoat", "Cutter", "LifeBoat", "FixedWingAircraft", "Helicopter", "Other"];
const AIS_SPECIAL = [30, 31, 32, 33, 34, 35, 36, 37, 50, 51, 52, 53, 54, 55, 58];
const AIS_FAMILY = [2, 4, 6, 7, 8, 9];

/** "patrol boat", "cargo ship (AIS)"; the raw code stays in the tooltip. */
export function describeAssetType(kind, type) {
  if (kind === "asset") {
    if (ASSET_TYPES.includes(type)) return t(`responder.asset.${type}`);
    return type ? String(type).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : t("responder.asset");
  }
  const code = Number(type);
  if (!type || !Number.isInteger(code) || code <= 0) return t("responder.shipTypeNotSent");
  if (AIS_SPECIAL.includes(code)) return t(`responder.ais.${code}`);
  const family = Math.floor(code / 10);
  return AIS_FAMILY.includes(family) ? t(`responder.ais.${family}x`) : t("responder.shipType", { code: String(code) });
}

/**
 * The turn a responder makes to head for the incident, from its current course: "turn 35° stbd", "turn 120° port",
 * "on course" within 2°; "—" when it has no course (alongside, or an asset whose course is not reported).
 * Positive course changes are to starboard (ResponderRanking.CourseChange: bearing − course).
 */
export function describeCourseChange(degrees) {
  if (degrees == null) return "—";
  const d = Number(degrees);
  if (Math.abs(d) <= 2) return t("responder.onCourse");
  return t(d > 0 ? "responder.turnStbd" : "responder.turnPort", { degrees: String(Math.round(Math.abs(d))) });
}

/** Minutes to arrive, from the ranking's estimated arrival and its `at`. */
export function etaMinutes(x, at) {
  const eta = Date.parse(x.estimatedArrival);
  const now = Date.parse(at);
  return Number.isFinite(eta) && Number.isFinite(now) ? (eta - now) / 60000 : Infinity;
}

/**
 * Fills the print-only SITREP page (one A4 page: the centre's header, the text, who printed it and when) and prints.
 * The console itself is hidden by @media print while body.printing-sitrep is set.
 */
export function printSitrep({ text, reference, centre, me }) {
  const root = document.getElementById("sitrep-print");
  root.replaceChildren();
  const head = document.createElement("div");
  head.className = "print-head";
  const h1 = document.createElement("h1");
  h1.textContent = centre?.name ?? centre?.code ?? me.centre ?? "MaritimeCoord";
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = `SITREP · ${reference}\n${centre?.code ?? me.centre ?? ""}`;
  meta.style.whiteSpace = "pre-line";
  head.append(h1, meta);
  const pre = document.createElement("pre");
  pre.textContent = text;
  const foot = document.createElement("div");
  foot.className = "print-foot";
  foot.textContent = `Printed ${formatTime(Date.now(), { zone: "UTC" })} by ${me.name}${me.centre ? ` (${me.centre})` : ""} from MaritimeCoord. Check against the issued SITREP before relaying.`;
  root.append(head, pre, foot);
  document.body.classList.add("printing-sitrep");
  const done = () => { document.body.classList.remove("printing-sitrep"); window.removeEventListener("afterprint", done); };
  window.addEventListener("afterprint", done);
  window.print();
}
