// @ts-check
// Night mode: a dark palette for a dimmed operations room, for the page (CSS, body.night) and the map's own layers
// (paint properties). The choice is kept in localStorage and applied before the map's first frame.

import { t } from "./i18n.js";

const KEY = "mcoord.theme";

// [layer, paint property, day, night]
const MAP_PAINT = [
  ["sea", "background-color", "#cfe3f0", "#0a1822"],
  ["land", "fill-color", "#efe9dc", "#1d2a31"],
  ["land", "fill-outline-color", "#a59f8f", "#40535e"],
  ["eez-line", "line-color", "#7fa7c2", "#3d6680"],
  ["sea12-fill", "fill-color", "#b6d4e8", "#0f2535"],
  ["sea12-line", "line-color", "#3c8dbc", "#2f6f8f"],
  ["sar-published", "line-color", "#1d4e89", "#7fb2e5"],
  ["sar-approximate", "line-color", "#1d4e89", "#7fb2e5"],
  ["ports", "circle-color", "#5b4a2f", "#c9a86a"],
  ["ports", "circle-stroke-color", "#fff", "#0a1822"],
  ["centres", "circle-color", "#fff", "#0a1822"],
  ["centres", "circle-stroke-color", "#1d4e89", "#7fb2e5"],
  ["graticule", "line-color", "#6b8799", "#56707f"],
  ["incidents", "circle-stroke-color", "#000", "#e8eef2"],
  ["incident-selected", "circle-stroke-color", "#102030", "#e8eef2"],
  ["measure-line", "line-color", "#111", "#e8eef2"],
];

export function currentTheme() {
  try { return localStorage.getItem(KEY) === "night" ? "night" : "day"; } catch { return "day"; }
}

/** Paints the map's layers for a theme (layers not added yet are skipped; call again after adding them). */
export function paintMap(map, theme = currentTheme()) {
  for (const [layer, property, day, night] of MAP_PAINT) {
    if (map.getLayer(layer)) map.setPaintProperty(layer, property, theme === "night" ? night : day);
  }
}

/** Applies a theme to the page and the map and remembers it. */
export function setTheme(theme, map) {
  try { localStorage.setItem(KEY, theme); } catch { /* private mode: the choice lasts for this page */ }
  applyPage(theme);
  if (map) paintMap(map, theme);
}

function applyPage(theme) {
  document.body.classList.toggle("night", theme === "night");
  document.documentElement.style.colorScheme = theme === "night" ? "dark" : "light";
  const button = document.getElementById("theme-toggle");
  if (button) {
    button.setAttribute("aria-pressed", String(theme === "night"));
    button.textContent = theme === "night" ? t("theme.day") : t("theme.night");
    button.title = theme === "night" ? t("theme.dayTitle") : t("theme.nightTitle");
  }
}

/** Page palette now (before sign-in and the map), and the header button. */
export function initTheme(getMap) {
  applyPage(currentTheme());
  document.getElementById("theme-toggle")?.addEventListener("click", () => {
    setTheme(currentTheme() === "night" ? "day" : "night", getMap());
  });
}
