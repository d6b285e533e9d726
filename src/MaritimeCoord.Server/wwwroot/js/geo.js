// @ts-check
// Positions: the notation parser (a port of MaritimeCoord.Domain/Geo/CoordinateParser.cs, same rules and messages, so
// the form refuses before sending exactly what the server would refuse), DDM formatting as GeoPosition does it, and
// great-circle distances for the measure tool and uncertainty circles.

export const NM = 1852; // metres per nautical mile
const EARTH_RADIUS_M = 6371008.8; // mean radius (IUGG); the spherical error is < 0.5 % against the ellipsoid

/**
 * Degrees and decimal minutes as seafarers write them, e.g. 08°12.500'S 114°30.200'E (GeoPosition.ToDegreesDecimalMinutes).
 * @param {number} lat @param {number} lon @param {number} [decimals]
 */
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

// The grammar (see CoordinateParser.cs for the full statement):
//   position   = ws? coordinate ( ws? separator ws? | ws ) coordinate ws?     separator: , ; /
//   coordinate = hemisphere ws? body | body ws? hemisphere | sign? body
//   body       = part ( (unit ws? | ws) part ){0,2} unit?                     only the last part has decimals
const MAX_LENGTH = 100;
const DEGREE_SIGNS = "°º˚*";
const MINUTE_SIGNS = "'′’‘´ʹ";
const SECOND_SIGNS = "\"″”“˝ʺ";
const SECOND_APOSTROPHES = "'′’´ʹ";
const SEPARATORS = ",;/";

/**
 * Parses a position typed in decimal degrees, DDM or DMS. Returns { position: {latitude, longitude} } or { error }.
 * Ambiguous input is refused rather than guessed, as on the server; scientific notation and glued letters are refused.
 * @param {string | null | undefined} text
 * @returns {import("./types").ParsedPosition}
 */
export function parseCoordinates(text) {
  if (text == null || isBlank(String(text))) return fail("Position text is empty.");
  text = String(text);
  if (text.length > MAX_LENGTH) return fail(`Position text is longer than ${MAX_LENGTH} characters.`);
  const tok = tokenise(text);
  if (tok.error) return fail(tok.error);
  const split = splitCoordinates(tok.tokens);
  if (split.error) return fail(split.error);
  const a = coordinate(split.first);
  if (a.error) return fail(a.error);
  const b = coordinate(split.second);
  if (b.error) return fail(b.error);
  if ((a.hemisphere === null) !== (b.hemisphere === null)) return fail("Give a hemisphere letter (N/S, E/W) for both coordinates or for neither.");
  const firstAxis = axisOf(a.hemisphere);
  if (firstAxis !== null && firstAxis === axisOf(b.hemisphere)) return fail("Both coordinates name the same axis (two of N/S or two of E/W).");
  const latitudeFirst = firstAxis === null || firstAxis === "lat";
  const latitude = latitudeFirst ? a.value : b.value;
  const longitude = latitudeFirst ? b.value : a.value;
  if (!isValidLatitude(latitude)) return fail("Latitude must be within 90° of the equator.");
  if (!isValidLongitude(longitude)) return fail("Longitude must be within 180° of Greenwich.");
  return { position: { latitude, longitude } };
}

const fail = (error) => ({ error });
const axisOf = (h) => (h === "N" || h === "S" ? "lat" : h === "E" || h === "W" ? "lon" : null);
const isDigit = (c) => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c) => c !== undefined && /\p{L}/u.test(c);
// .NET's char.IsWhiteSpace: JavaScript's \s without U+FEFF, plus U+0085.
const isSpace = (c) => c === "\u0085" || (c !== "\ufeff" && /\s/.test(c));
const isBlank = (s) => [...s].every((c) => isSpace(c));
const isUnit = (kind) => kind === "deg" || kind === "min" || kind === "sec";

function tokenise(text) {
  const tokens = [];
  let space = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isSpace(c)) { space = true; i++; continue; }
    const at = i + 1;
    if (SEPARATORS.includes(c)) { tokens.push({ kind: "sep", space, at }); i++; }
    else if (DEGREE_SIGNS.includes(c)) { tokens.push({ kind: "deg", space, at }); i++; }
    else if (MINUTE_SIGNS.includes(c)) {
      const seconds = i + 1 < text.length && SECOND_APOSTROPHES.includes(text[i + 1]);
      tokens.push({ kind: seconds ? "sec" : "min", space, at });
      i += seconds ? 2 : 1;
    } else if (SECOND_SIGNS.includes(c)) { tokens.push({ kind: "sec", space, at }); i++; }
    else if ("NSEWnsew".includes(c)) {
      if (isLetter(text[i + 1])) return { error: `Unexpected word at character ${at}; use N, S, E or W for hemispheres.` };
      tokens.push({ kind: "hem", space, at, letter: c.toUpperCase() });
      i++;
    } else if (c === "-" || c === "+" || c === "−") { tokens.push({ kind: "sign", space, at, negative: c !== "+" }); i++; }
    else if (isDigit(c) || c === ".") {
      const start = i;
      while (isDigit(text[i])) i++;
      const wholeDigits = i - start;
      let fractionDigits = -1;
      if (text[i] === ".") {
        const fractionStart = ++i;
        while (isDigit(text[i])) i++;
        fractionDigits = i - fractionStart;
      }
      if (wholeDigits === 0 || fractionDigits === 0 || text[i] === ".") {
        while (isDigit(text[i]) || text[i] === ".") i++;
        return { error: `'${text.slice(start, i)}' is not a number.` };
      }
      tokens.push({ kind: "num", space, at, text: text.slice(start, i) });
      space = false;
      continue;
    } else return { error: `Unexpected character '${c}' at position ${at}.` };
    space = false;
  }
  return { tokens };
}

function indexesOf(tokens, kind) {
  const found = [];
  tokens.forEach((t, i) => { if (t.kind === kind) found.push(i); });
  return found;
}

function splitCoordinates(tokens) {
  const separators = indexesOf(tokens, "sep");
  if (separators.length > 1) return { error: "Expected a latitude and a longitude: use one comma (or ; or /) between them, no more." };
  if (separators.length === 1) {
    const first = tokens.slice(0, separators[0]);
    const second = tokens.slice(separators[0] + 1);
    if (first.length === 0 || second.length === 0) {
      return { error: `Expected a latitude and a longitude, found ${first.length + second.length === 0 ? 0 : 1} coordinate(s).` };
    }
    return { first, second };
  }
  const hemispheres = indexesOf(tokens, "hem");
  const degrees = indexesOf(tokens, "deg");
  const numbers = indexesOf(tokens, "num");
  let split;
  if (hemispheres.length > 0) {
    if (hemispheres.length !== 2) {
      return { error: hemispheres.length === 1
        ? "Give a hemisphere letter (N/S, E/W) for both coordinates or for neither."
        : "Expected a latitude and a longitude: more than two hemisphere letters." };
    }
    if (hemispheres[0] === 0 && hemispheres[1] !== tokens.length - 1) split = hemispheres[1];
    else if (hemispheres[1] === tokens.length - 1 && hemispheres[0] !== 0) split = hemispheres[0] + 1;
    else return { error: "Put the hemisphere letter either before both coordinates or after both (or separate them with a comma)." };
  } else if (degrees.length > 0) {
    if (degrees.length !== 2 || degrees[1] < 1 || tokens[degrees[1] - 1].kind !== "num") {
      return { error: "Mark the degrees of both coordinates (°) or separate the coordinates with a comma." };
    }
    split = degrees[1] - 1;
    if (split > 0 && tokens[split - 1].kind === "sign") split--;
  } else {
    if (numbers.length !== 2) {
      return { error: numbers.length < 2
        ? `Expected a latitude and a longitude, found ${numbers.length} coordinate(s).`
        : "Without hemisphere letters or degree signs, separate the latitude and the longitude with a comma." };
    }
    split = numbers[1];
    if (tokens[split - 1].kind === "sign") split--;
  }
  if (split <= 0 || split >= tokens.length) return { error: "Expected a latitude and a longitude, found 1 coordinate(s)." };
  if (!tokens[split].space) return { error: `Put a space or a comma between the latitude and the longitude (at character ${tokens[split].at}).` };
  return { first: tokens.slice(0, split), second: tokens.slice(split) };
}

function coordinate(tokens) {
  let hemisphere = null;
  let from = 0;
  let to = tokens.length;
  if (tokens[0].kind === "hem") { hemisphere = tokens[0].letter; from = 1; }
  if (to - from > 0 && tokens[to - 1].kind === "hem") {
    if (hemisphere !== null) return { error: "Two hemisphere letters for one coordinate." };
    hemisphere = tokens[to - 1].letter;
    to--;
  }
  let negative = false;
  if (from < to && tokens[from].kind === "sign") {
    if (hemisphere !== null) return { error: "Use either a minus sign or a hemisphere letter, not both." };
    if (from + 1 >= to || tokens[from + 1].kind !== "num" || tokens[from + 1].space) {
      return { error: `A sign must be followed directly by a number (character ${tokens[from].at}).` };
    }
    negative = tokens[from].negative;
    from++;
  }
  if (from >= to) return { error: "A hemisphere letter has no number." };
  const parts = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === "num") {
      if (parts.length > 0 && parts[parts.length - 1].unit === null && !t.space) return { error: `Unexpected number at character ${t.at}.` };
      let unit = null;
      if (i + 1 < to && isUnit(tokens[i + 1].kind)) {
        if (tokens[i + 1].space) return { error: `Write the unit sign right after its number (character ${tokens[i + 1].at}).` };
        unit = tokens[++i].kind;
      }
      parts.push({ digits: t.text, unit });
    } else if (t.kind === "hem") return { error: `A hemisphere letter goes before or after a coordinate, not inside it (character ${t.at}).` };
    else if (t.kind === "sign") return { error: `A minus sign may only precede the degrees (character ${t.at}).` };
    else return { error: `A unit symbol (°, ' or ") must follow a number (character ${t.at}).` };
  }
  if (parts.length > 3) return { error: "A coordinate has at most degrees, minutes and seconds." };
  const values = [0, 0, 0];
  for (let p = 0; p < parts.length; p++) {
    const { digits, unit } = parts[p];
    const expected = p === 0 ? "deg" : p === 1 ? "min" : "sec";
    if (unit !== null && unit !== expected) return { error: "Degrees, minutes and seconds are out of order." };
    const dot = digits.indexOf(".");
    if (dot >= 0 && p !== parts.length - 1) return { error: "Only the last part of a coordinate may have decimals." };
    const whole = dot >= 0 ? dot : digits.length;
    if (whole > (p === 0 ? 3 : 2)) {
      return { error: p === 0 ? "Degrees have at most three digits." : p === 1 ? "Minutes have at most two digits." : "Seconds have at most two digits." };
    }
    values[p] = Number(digits);
  }
  if (values[1] >= 60) return { error: "Minutes must be less than 60." };
  if (values[2] >= 60) return { error: "Seconds must be less than 60." };
  let value = values[0] + values[1] / 60 + values[2] / 3600;
  if (negative || hemisphere === "S" || hemisphere === "W") value = -value;
  return { value, hemisphere };
}

const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;

/**
 * Great-circle distance in nautical miles (haversine, mean Earth radius).
 * @param {number[]} a [lon, lat] @param {number[]} b [lon, lat]
 */
export function distanceNm(a, b) {
  const [lon1, lat1] = a, [lon2, lat2] = b;
  const dLat = rad(lat2 - lat1), dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return (2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))) / NM;
}

/**
 * Initial true bearing from a to b, degrees in [0, 360).
 * @param {number[]} a [lon, lat] @param {number[]} b [lon, lat]
 */
export function bearing(a, b) {
  const [lon1, lat1] = a.map(rad), [lon2, lat2] = b.map(rad);
  const y = Math.sin(lon2 - lon1) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(lon2 - lon1);
  const b360 = (deg(Math.atan2(y, x)) + 360) % 360;
  return b360 >= 360 ? 0 : b360; // a tiny negative angle + 360 is 360 in floating point
}

/**
 * A bearing as text with `digits` decimals, kept in [0, 360): 359.7 at 0 decimals is "000", never "360".
 * @param {number} degrees @param {number} [digits]
 */
export function formatBearing(degrees, digits = 0) {
  let r = Number((((degrees % 360) + 360) % 360).toFixed(digits));
  if (r >= 360) r = 0;
  return r.toFixed(digits).padStart(digits > 0 ? 4 + digits : 3, "0");
}

/**
 * A polygon approximating a circle of radius nm around [lon, lat] (for position uncertainty).
 * @param {number[]} center [lon, lat] @param {number} radiusNm @param {number} [steps]
 */
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
