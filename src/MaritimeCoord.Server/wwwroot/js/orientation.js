// @ts-check
// What lets an operator orient on the map: place names (countries, main ports and towns, seas and straits) and a
// latitude/longitude graticule with labels at the map's edges. All offline: the names come from this server
// (/api/map/layers/places, samples/geo/places.geojson) and are HTML labels, because MapLibre symbol layers need glyphs.
// HTML labels cost nothing while the map stands still (they move only with the camera); which ranks show is one data
// attribute on the map container, so a zoom changes no label one by one.

import * as maplibregl from "/lib/maplibre/maplibre-gl.mjs";
import { api } from "./api.js";

/** Zoom from which each rank of place names shows (1: the region view). */
export const RANK_MIN_ZOOM = { 1: 0, 2: 4.5, 3: 6 };

/** Graticule spacing in degrees for a zoom: about 4–8 lines across the map. */
export function graticuleStep(zoom) {
  return zoom < 3.5 ? 10 : zoom < 5 ? 5 : zoom < 6.5 ? 2 : zoom < 8 ? 1 : zoom < 9.5 ? 0.5 : 0.25;
}

/** "8°S", "115°E", "0°", "8°30'S": whole degrees, minutes when the spacing is under a degree. */
export function graticuleLabel(value, axis) {
  const hemisphere = value === 0 ? "" : axis === "lat" ? (value < 0 ? "S" : "N") : (value < 0 || value > 180 ? "W" : "E");
  let v = Math.abs(value);
  if (axis === "lon" && v > 180) v = 360 - v;
  const degrees = Math.floor(v + 1e-9);
  const minutes = Math.round((v - degrees) * 60);
  return `${degrees}°${minutes ? `${String(minutes).padStart(2, "0")}'` : ""}${hemisphere}`;
}

function graticuleLines(step) {
  const features = [];
  for (let lon = -180; lon <= 360; lon += step) {
    features.push({ type: "Feature", properties: { axis: "lon" }, geometry: { type: "LineString", coordinates: [[lon, -80], [lon, 80]] } });
  }
  for (let lat = -80; lat <= 80; lat += step) {
    features.push({ type: "Feature", properties: { axis: "lat" }, geometry: { type: "LineString", coordinates: [[-180, lat], [360, lat]] } });
  }
  return { type: "FeatureCollection", features };
}

export class Orientation {
  constructor(liveMap) {
    this.liveMap = liveMap;
    this.map = liveMap.map;
    this.labels = document.getElementById("graticule-labels");
    this.step = 0;
    this.places = [];
  }

  /** Adds the graticule under the live layers (below the vessels) and the place names; idempotent per map. */
  async add() {
    const map = this.map;
    map.addSource("graticule", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "graticule", type: "line", source: "graticule", paint: { "line-color": "#6b8799", "line-width": 0.6, "line-opacity": 0.55 } },
      map.getLayer("eez-line") ? "eez-line" : undefined);
    const update = () => this.update();
    let pending = false;
    map.on("move", () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; update(); }); } });
    map.on("resize", update);
    update();

    const places = await api("/api/map/layers/places");
    for (const f of places.features) {
      const p = f.properties;
      const el = document.createElement("div");
      el.className = `place place-${p.kind} rank-${p.rank}`;
      el.textContent = p.name;
      el.dataset.name = p.name;
      el.setAttribute("aria-hidden", "true"); // decoration of the map; the features' names are in the popups and lists
      // A port's dot is on the port and its name to the right of it; other names are centred on their point.
      const marker = p.kind === "port" ? new maplibregl.Marker({ element: el, anchor: "left", offset: [-3, 0] }) : new maplibregl.Marker({ element: el });
      this.places.push(marker.setLngLat(f.geometry.coordinates).addTo(map));
    }
    this.update();
    this.ready = true;
  }

  update() {
    const map = this.map;
    const zoom = map.getZoom();
    const container = map.getContainer();
    const rank = zoom >= RANK_MIN_ZOOM[3] ? 3 : zoom >= RANK_MIN_ZOOM[2] ? 2 : 1;
    if (container.dataset.placeRank !== String(rank)) container.dataset.placeRank = String(rank);

    const step = graticuleStep(zoom);
    if (step !== this.step) {
      this.step = step;
      map.getSource("graticule")?.setData(graticuleLines(step));
    }
    if (!this.labels) return;
    // Labels where the lines meet the map's top and left edges.
    const { width, height } = container.getBoundingClientRect();
    const bounds = map.getBounds();
    const html = [];
    const west = bounds.getWest(), east = bounds.getEast(), south = bounds.getSouth(), north = bounds.getNorth();
    for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
      const x = map.project([lon, (south + north) / 2]).x;
      if (x < 110 || x > width - 40) continue; // clear of the Measure button
      const wrapped = ((lon + 540) % 360) - 180;
      html.push(`<span class="grat-lon" style="left:${x.toFixed(0)}px">${graticuleLabel(Number(wrapped.toFixed(4)), "lon")}</span>`);
    }
    for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      const y = map.project([(west + east) / 2, lat]).y;
      if (y < 30 || y > height - 30) continue;
      html.push(`<span class="grat-lat" style="top:${y.toFixed(0)}px">${graticuleLabel(Number(lat.toFixed(4)), "lat")}</span>`);
    }
    this.labels.innerHTML = html.join("");
  }
}
