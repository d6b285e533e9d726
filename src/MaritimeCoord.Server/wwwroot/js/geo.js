// Positions: the notation parser (a port of MaritimeCoord.Domain/Geo/CoordinateParser.cs, same rules and messages, so
// the form refuses before sending exactly what the server would refuse), DDM formatting as GeoPosition does it, and
// great-circle distances for the measure tool and uncertainty circles.

export const NM = 1852; // metres per nautical mile
const EARTH_RADIUS_M = 6371008.8; // mean radius (IUGG); the spherical error is < 0.5 % against the ellipsoid

/** Degrees and decimal minutes as seafarers write them, e.g. 08°12.500'S 114°30.200'E (GeoPosition.ToDegreesDecimalMinutes). */
export function toDdm(lat, lon, decimals = 3) {
  return `${axis(lat, 2, "N", "S", decimals)} ${axis(lon, 3, "E", "W", decimals)}`;
}

function axis(value, width, positive, negative, decimals) {
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = Number(((abs - deg) * 60).toFixed(decimals));
  if (min >= 60) { deg += 1; min = 0; }
  return `${String(deg).padStart(width, "0")}°${min.toFixed(decimals).padStart(3 + decimals, "0")}'${value < 0 ? negative : positive}`;
}

const isValidLatitude = (v) => v >= -90 && v <= 90;
const isValidLongitude = (v) => v >= -180 && v <= 180;

/**
 * Parses a position typed in decimal degrees, DDM or DMS. Returns { position: {latitude, longitude} } or { error }.
 * Ambiguous input is refused rather than guessed, as on the server.
 */
export function parseCoordinates(text) {
  if (text == null || String(text).trim() === "") return fail("Position text is empty.");
  text = String(text);
  if (text.length > 100) return fail("Position text is longer than 100 characters.");
  const tok = tokenise(text);
  if (tok.error) return fail(tok.error);
  const split = splitComponents(tok.tokens);
  if (split.error) return fail(split.error);
  const components = split.components;
  if (components.length !== 2) return fail(`Expected a latitude and a longitude, found ${components.length} coordinate(s).`);
  const [first, second] = components;
  const a = evaluate(first);
  if (a.error) return fail(a.error);
  const b = evaluate(second);
  if (b.error) return fail(b.error);
  const firstAxis = axisOf(first.hemisphere), secondAxis = axisOf(second.hemisphere);
  if (firstAxis !== null && firstAxis === secondAxis) return fail("Both coordinates name the same axis (two of N/S or two of E/W).");
  const latitudeFirst = firstAxis === "lat" ? true : firstAxis === "lon" ? false : secondAxis !== "lat";
  const latitude = latitudeFirst ? a.value : b.value;
  const longitude = latitudeFirst ? b.value : a.value;
  if (!isValidLatitude(latitude)) return fail("Latitude must be within 90° of the equator.");
  if (!isValidLongitude(longitude)) return fail("Longitude must be within 180° of Greenwich.");
  return { position: { latitude, longitude } };
}

const fail = (error) => ({ error });
const axisOf = (h) => (h === "N" || h === "S" ? "lat" : h === "E" || h === "W" ? "lon" : null);
const isDigit = (c) => c >= "0" && c <= "9";
const isLetter = (c) => c !== undefined && /\p{L}/u.test(c);

function tokenise(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "," || c === ";" || c === "/") { tokens.push({ kind: "sep" }); i++; continue; }
    if ("°º˚*".includes(c)) { tokens.push({ kind: "deg" }); i++; continue; }
    if ("'′’‘".includes(c)) {
      if (i + 1 < text.length && "'′’".includes(text[i + 1])) { tokens.push({ kind: "sec" }); i += 2; continue; }
      tokens.push({ kind: "min" }); i++; continue;
    }
    if ("\"″”“".includes(c)) { tokens.push({ kind: "sec" }); i++; continue; }
    const upper = c.toUpperCase();
    if ("NSEW".includes(upper) && c.length === 1 && /[nsewNSEW]/.test(c)) {
      if (isLetter(text[i + 1])) return { error: `Unexpected word at character ${i + 1}; use N, S, E or W for hemispheres.` };
      tokens.push({ kind: "hem", letter: upper }); i++; continue;
    }
    if (isDigit(c) || c === "-" || c === "+" || c === "−" || c === ".") {
      const start = i;
      let negative = false;
      if (c === "-" || c === "+" || c === "−") { negative = c !== "+"; i++; }
      const numberStart = i;
      while (i < text.length && (isDigit(text[i]) || text[i] === ".")) i++;
      const digits = text.slice(numberStart, i);
      const value = Number(digits);
      if (digits.length === 0 || digits.split(".").length > 2 || digits === "." || !Number.isFinite(value)) {
        return { error: `'${text.slice(start, Math.max(i, start + 1))}' is not a number.` };
      }
      tokens.push({ kind: "num", value, hasFraction: digits.includes("."), negative });
      continue;
    }
    return { error: `Unexpected character '${c}' at position ${i + 1}.` };
  }
  return { tokens };
}

function newComponent() { return { parts: [], hemisphere: null, negative: false, hemisphereFirst: false }; }

function splitComponents(tokens) {
  const found = [];
  let current = newComponent();
  const close = () => {
    if (current.parts.length > 0 || current.hemisphere !== null) found.push(current);
    current = newComponent();
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "sep") { close(); continue; }
    if (t.kind === "hem") {
      if (current.parts.length === 0) {
        if (current.hemisphere !== null) return { error: "Two hemisphere letters in a row." };
        current.hemisphere = t.letter;
        current.hemisphereFirst = true;
      } else if (current.hemisphereFirst) {
        close();
        current.hemisphere = t.letter;
        current.hemisphereFirst = true;
      } else {
        current.hemisphere = t.letter;
        close();
      }
      continue;
    }
    if (t.kind === "num") {
      const next = tokens[i + 1];
      const unit = next && (next.kind === "deg" || next.kind === "min" || next.kind === "sec") ? next.kind : null;
      if (current.parts.length > 0 && startsNewComponent(current, unit, t)) close();
      if (t.negative) {
        if (current.parts.length > 0) return { error: "A minus sign may only precede the degrees." };
        current.negative = true;
      }
      current.parts.push({ value: t.value, hasFraction: t.hasFraction, unit });
      if (unit !== null) i++;
      continue;
    }
    return { error: "A unit symbol (°, ' or \") must follow a number." };
  }
  close();
  return { components: found };
}

function startsNewComponent(current, unit, token) {
  const last = current.parts[current.parts.length - 1];
  if (last.hasFraction) return true;
  if (unit === "deg") return true;
  if (token.negative) return true;
  if (current.parts.length === 3) return true;
  return last.unit === "sec";
}

function evaluate(c) {
  if (c.parts.length === 0) return { error: "A hemisphere letter has no number." };
  if (c.negative && c.hemisphere !== null) return { error: "Use either a minus sign or a hemisphere letter, not both." };
  let degrees = 0, minutes = 0, seconds = 0;
  for (let p = 0; p < c.parts.length; p++) {
    const { value, hasFraction, unit } = c.parts[p];
    if (hasFraction && p !== c.parts.length - 1) return { error: "Only the last part of a coordinate may have decimals." };
    const expected = p === 0 ? "deg" : p === 1 ? "min" : "sec";
    if (unit !== null && unit !== expected) return { error: "Degrees, minutes and seconds are out of order." };
    if (p === 0) degrees = value; else if (p === 1) minutes = value; else seconds = value;
  }
  if (c.parts.length >= 2 && degrees !== Math.floor(degrees)) return { error: "Degrees must be whole when minutes are given." };
  if (minutes >= 60) return { error: "Minutes must be less than 60." };
  if (seconds >= 60) return { error: "Seconds must be less than 60." };
  let value = degrees + minutes / 60 + seconds / 3600;
  if (c.negative || c.hemisphere === "S" || c.hemisphere === "W") value = -value;
  return { value };
}

const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;

/** Great-circle distance in nautical miles (haversine, mean Earth radius). */
export function distanceNm(a, b) {
  const [lon1, lat1] = a, [lon2, lat2] = b;
  const dLat = rad(lat2 - lat1), dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return (2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))) / NM;
}

/** Initial true bearing from a to b, degrees in [0, 360). */
export function bearing(a, b) {
  const [lon1, lat1] = a.map(rad), [lon2, lat2] = b.map(rad);
  const y = Math.sin(lon2 - lon1) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(lon2 - lon1);
  const b360 = (deg(Math.atan2(y, x)) + 360) % 360;
  return b360 >= 360 ? 0 : b360; // a tiny negative angle + 360 is 360 in floating point
}

/** A bearing as text with `digits` decimals, kept in [0, 360): 359.7 at 0 decimals is "000", never "360". */
export function formatBearing(degrees, digits = 0) {
  let r = Number((((degrees % 360) + 360) % 360).toFixed(digits));
  if (r >= 360) r = 0;
  return r.toFixed(digits).padStart(digits > 0 ? 4 + digits : 3, "0");
}

/** A polygon approximating a circle of radius nm around [lon, lat] (for position uncertainty). */
export function circlePolygon(center, radiusNm, steps = 48) {
  const [lon0, lat0] = center.map(rad);
  const d = (radiusNm * NM) / EARTH_RADIUS_M;
  const ring = [];
  for (let i = 0; i <= steps; i++) {
    const brg = (2 * Math.PI * i) / steps;
    const lat = Math.asin(Math.sin(lat0) * Math.cos(d) + Math.cos(lat0) * Math.sin(d) * Math.cos(brg));
    const lon = lon0 + Math.atan2(Math.sin(brg) * Math.sin(d) * Math.cos(lat0), Math.cos(d) - Math.sin(lat0) * Math.sin(lat));
    ring.push([deg(lon), deg(lat)]);
  }
  return { type: "Polygon", coordinates: [ring] };
}
