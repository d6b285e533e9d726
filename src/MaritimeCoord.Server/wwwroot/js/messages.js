// Texts the server writes: it sends its English text and, beside it, a message code with arguments
// ({ code: "assessment.explanation", args: { phase: { code: "incidentPhase.alert" }, score: 2, … } }). Here the code
// is said in the chosen language through i18n/{lang}.json (the key is the code); an argument is a number (written in
// the language), a string (a name or code: as it is), a nested message, a list of messages (joined with "; ") or a
// position (degrees and minutes with N/S/E/W in every language). A code the console does not know (a newer server)
// falls back to the English text, marked lang="en" (docs/console.md, "Texts from the server").
import { t, hasKey, formatNumber, html } from "./i18n.js";
import { toDdm } from "./geo.js";

// The message in the current language, or null when it (or any message inside it) has no key.
export function say(message) {
  if (!message || typeof message.code !== "string" || !hasKey(message.code)) return null;
  const vars = {};
  for (const [name, value] of Object.entries(message.args ?? {})) {
    const text = argument(value);
    if (text === null) return null;
    vars[name] = text;
  }
  return t(message.code, vars);
}

function argument(value) {
  if (value == null) return "";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const parts = value.map(argument);
    return parts.includes(null) ? null : parts.join("; ");
  }
  if (typeof value.code === "string") return say(value);
  if (typeof value.latitude === "number" && typeof value.longitude === "number") return toDdm(value.latitude, value.longitude);
  return null;
}

// A server text for html``: the message in the language, else the English text in a span marked lang="en".
export function serverText(message, english) {
  const said = say(message);
  return said === null ? html`<span lang="en">${english}</span>` : html`${said}`;
}
