// @ts-check
// Export buttons where the user is: an incident (its sightings, reported track and events with the AIS tracks around it)
// and a replay window, as GeoJSON, KML, GPX or CSV. The files come from the history API (Features/History: the
// incident's export carries the incident's own record too, docs/history.md); the request needs the bearer token, so it
// is fetched and handed to the browser as a download rather than opened as a plain link.

import { getToken } from "./api.js";
import { t, formatNumber } from "./i18n.js";

export const EXPORT_FORMATS = [
  ["geojson", "GeoJSON"], ["kml", "KML"], ["gpx", "GPX"], ["csv", "CSV"],
];

/** Fetches `url` with the token and saves it under the server's file name. Resolves to { name, size }. */
export async function download(url, fallbackName) {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${getToken()}` } });
  if (!response.ok) {
    let detail = "";
    try {
      const p = await response.json();
      detail = p.detail ?? Object.values(p.errors ?? {}).flat().join(" ") ?? p.title ?? "";
    } catch { /* not a problem document */ }
    throw new Error(detail || t("export.refused", { status: String(response.status) }));
  }
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name = disposition.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)?.[1] ?? fallbackName;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = decodeURIComponent(name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  const result = { name: a.download, size: blob.size, url };
  (window.mcoord ??= {}).lastExport = result; // read by the browser tests
  return result;
}

/**
 * A row of buttons, one per format, into `container`; `urlFor(format)` builds the request. `report(text, kind)` says what
 * happened (saved, or why not).
 */
export function renderExportButtons(container, { urlFor, fallbackName, report, testid }) {
  const row = document.createElement("div");
  row.className = "export-row";
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", t("panel.exportTitle"));
  row.append(Object.assign(document.createElement("span"), { className: "muted", textContent: t("export.label") }));
  for (const [format, label] of EXPORT_FORMATS) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.dataset.testid = `${testid}-${format}`;
    b.title = t("export.downloadAs", { format: label });
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        const r = await download(urlFor(format), `${fallbackName}.${format}`);
        report?.(t("export.saved", { name: r.name, size: formatNumber(r.size / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }), "ok");
      } catch (e) {
        report?.(e.message, "error");
      } finally {
        b.disabled = false;
      }
    });
    row.append(b);
  }
  container.replaceChildren(row);
}
