// The console's languages: one small library with i18next's shape (t(key, vars) with {{name}} interpolation and
// plurals by "_one"/"_other" suffix chosen with Intl.PluralRules), the strings in wwwroot/i18n/{lang}.json, English
// as the fallback for a key a language lacks. Served by this server like everything else (the console is offline).
// The language is chosen per user and remembered on the device (localStorage, keyed by the user's subject); before
// sign-in, the last language used on this device, else the browser's. Also here: the one escaping template helper
// (html`…${value}…` escapes every interpolation; raw() marks a trusted fragment) and the number formatter.

// The languages the picker offers, each in its own name. Adding one = its JSON file + one line here (docs/console.md).
export const LANGUAGES = [
  ["en", "English"],
  ["id", "Bahasa Indonesia"],
];

const DEVICE_KEY = "mcoord.lang";
const userKey = (subject) => `mcoord.lang.${subject}`;

let current = "en";
let strings = {};
let fallback = {};
// Keys asked for that the current language lacks (read by the browser tests: none may be missing).
export const missing = new Set();

const supported = (code) => LANGUAGES.some(([c]) => c === code);

// "id-ID" → "id"; "in" (Java's old code for Indonesian) → "id"; an unsupported language → null.
export function matchLanguage(tag) {
  if (!tag) return null;
  const base = String(tag).toLowerCase().split(/[-_]/)[0];
  const code = base === "in" ? "id" : base;
  return supported(code) ? code : null;
}

function storage(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    localStorage.setItem(key, value);
  } catch { /* private mode: the choice lasts for this page */ }
  return null;
}

// The language for a user: theirs if they chose one on this device, else this device's last, else the browser's.
export function preferredLanguage(subject) {
  return matchLanguage(subject ? storage(userKey(subject)) : null)
    ?? matchLanguage(storage(DEVICE_KEY))
    ?? (navigator.languages ?? [navigator.language]).map(matchLanguage).find(Boolean)
    ?? "en";
}

export function rememberLanguage(subject, code) {
  if (!supported(code)) return;
  if (subject) storage(userKey(subject), code);
  storage(DEVICE_KEY, code);
}

async function load(code) {
  const response = await fetch(`/i18n/${code}.json`, { cache: "no-cache" });
  if (!response.ok) throw new Error(`language ${code}: HTTP ${response.status}`);
  return response.json();
}

// Loads a language (and English beside it) and applies it to the page's static text.
export async function setLanguage(code) {
  const next = supported(code) ? code : "en";
  if (!fallback.__loaded) fallback = { ...(await load("en")), __loaded: true };
  strings = next === "en" ? fallback : await load(next);
  current = next;
  pluralRules = new Intl.PluralRules(current);
  numberFormats.clear();
  document.documentElement.lang = current;
  translateDom(document);
  return current;
}

export const language = () => current;
let pluralRules = new Intl.PluralRules("en");

function lookup(key) {
  if (Object.prototype.hasOwnProperty.call(strings, key)) return strings[key];
  if (current !== "en") missing.add(key);
  return Object.prototype.hasOwnProperty.call(fallback, key) ? fallback[key] : undefined;
}

// Whether a key exists (in English, the reference): for texts that may come with a code the console does not know.
export const hasKey = (key) => Object.prototype.hasOwnProperty.call(fallback, key);

// t("outbox.attempts", { count: 2 }) → the "_one" or "_other" form, with {{count}} (and any other {{name}}) filled in.
// Numbers are written in the language's digits and separators; a missing key is returned as itself (and recorded).
export function t(key, vars = {}) {
  let text;
  if (typeof vars.count === "number") text = lookup(`${key}_${pluralRules.select(vars.count)}`) ?? lookup(`${key}_other`);
  text ??= lookup(key);
  if (text === undefined) { missing.add(key); return key; }
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => {
    const v = vars[name];
    if (v === undefined || v === null) return "";
    return typeof v === "number" ? formatNumber(v) : String(v);
  });
}

const numberFormats = new Map();
// A count or a measure in the chosen language ("1,234.5" in English, "1.234,5" in Indonesian). Coordinates never go
// through here: they keep the point and the hemisphere letters in every language (see docs/console.md).
export function formatNumber(value, options = {}) {
  const id = JSON.stringify(options);
  let f = numberFormats.get(id);
  if (!f) { f = new Intl.NumberFormat(current, { numberingSystem: "latn", ...options }); numberFormats.set(id, f); }
  return f.format(value);
}

// Static text in the page: data-i18n="key" sets the text; data-i18n-attr="title:key;aria-label:key" sets attributes.
export function translateDom(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

// The header's language picker: a choice is remembered for this user and the page reloads in it (every module
// renders its text when it draws, so a reload is the one way to be sure nothing is left in the old language).
export function wireLanguagePicker(select, subject) {
  select.replaceChildren(...LANGUAGES.map(([code, name]) => {
    const option = document.createElement("option");
    option.value = code;
    option.lang = code;
    option.textContent = `${code.toUpperCase()} · ${name}`; // the code first: on a phone only it shows
    return option;
  }));
  select.value = current;
  select.hidden = false;
  select.onchange = () => { rememberLanguage(subject, select.value); location.reload(); };
}

// ---- escaping templates ----

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeText = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);

class Raw {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

// A trusted fragment that html`` inserts as it is (another html`` result, or markup built by this code).
export const raw = (text) => new Raw(text == null ? "" : String(text));

function interpolate(value) {
  if (value instanceof Raw) return value.text;
  if (value == null || value === false) return "";
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeText(value);
}

// html`<td>${name}</td>` escapes every interpolated value; arrays are joined; raw() and nested html`` pass through.
// The result is a Raw, so it nests; String(result) (or .text) is the markup for innerHTML.
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += interpolate(values[i]) + strings[i + 1];
  return new Raw(out);
}
