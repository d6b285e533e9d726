// @ts-check
// AIS vessels as a MapLibre custom WebGL layer: one point sprite per vessel, drawn as an arrow along its heading
// (course over ground when the heading is not available, a dot when neither is), faded when stale.
// Updates touch a typed array and one buffer upload per frame at most, so 20,000 vessels updated every second stay
// cheap: there is no GeoJSON re-tiling in a worker and no symbol placement (see docs/console.md for the figures).

import { MercatorCoordinate } from "/lib/maplibre/maplibre-gl.mjs";

const STRIDE = 5; // x, y (mercator 0..1), rotation (radians, -1 none), observedAt (s since epoch0), moving (0/1)
// docs/domain.md: class A reports every 2–10 s under way and every 3 min at anchor, class B every 30 s; a vessel silent for
// 10 min has missed several reports, so it is drawn as stale. AIS gap ("dark") rules start at 6 h; such vessels are hidden.
export const STALE_AFTER_S = 10 * 60;
export const HIDE_AFTER_S = 6 * 3600;
const REPAINT_MS = 500;

const VERTEX = `#version 300 es
uniform mat4 u_matrix;
uniform float u_size;
uniform float u_now;
uniform float u_stale;
uniform float u_hide;
uniform float u_bearing;
in vec2 a_pos;
in float a_rot;
in float a_time;
in float a_moving;
out float v_rot;
out float v_state;
void main() {
  float age = u_now - a_time;
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  if (age > u_hide) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); }
  gl_PointSize = u_size;
  v_rot = a_rot < 0.0 ? -1.0 : a_rot - u_bearing;
  v_state = age > u_stale ? 1.0 : (a_moving > 0.5 ? 0.0 : 0.5);
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in float v_rot;
in float v_state;
out vec4 colour;
float edge(vec2 p, vec2 a, vec2 b) { return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x); }
float inTriangle(vec2 p, float s) {
  vec2 a = vec2(0.0, 0.95) * s, b = vec2(-0.55, -0.75) * s, c = vec2(0.55, -0.75) * s;
  float e1 = edge(p, b, a), e2 = edge(p, a, c), e3 = edge(p, c, b);
  return (e1 <= 0.0 && e2 <= 0.0 && e3 <= 0.0) ? 1.0 : 0.0;
}
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  p.y = -p.y;
  vec3 fill = v_state > 0.75 ? vec3(0.55, 0.58, 0.62) : (v_state > 0.25 ? vec3(0.10, 0.45, 0.35) : vec3(0.05, 0.55, 0.40));
  float alpha = v_state > 0.75 ? 0.55 : 0.95;
  float inside, core;
  if (v_rot < -0.5) {
    float r = length(p);
    inside = r < 0.5 ? 1.0 : 0.0;
    core = r < 0.3 ? 1.0 : 0.0;
  } else {
    float c = cos(v_rot), s = sin(v_rot);
    vec2 q = vec2(c * p.x - s * p.y, s * p.x + c * p.y);
    inside = inTriangle(q, 1.0);
    core = inTriangle(q, 0.6);
  }
  if (inside < 0.5) discard;
  vec3 rgb = core > 0.5 ? fill : vec3(0.02, 0.15, 0.12);
  colour = vec4(rgb * alpha, alpha);
}`;

export class VesselLayer {
  constructor(id = "vessels") {
    this.id = id;
    this.type = /** @type {const} */ ("custom");
    this.renderingMode = /** @type {const} */ ("2d");
    this.index = new Map(); // mmsi → slot
    this.mmsis = [];
    this.capacity = 1024;
    this.data = new Float32Array(this.capacity * STRIDE);
    this.info = []; // slot → last VesselPosition (for the popup)
    this.dirty = false;
    this.epoch0 = Math.floor(Date.now() / 1000);
    this.visible = true;
    this.updates = 0;
    this.drawn = 0;
    /** @type {number | undefined} performance.now() of the first frame with vessels */
    this.firstDrawnAt = undefined;
  }

  get count() { return this.mmsis.length; }

  /**
   * Applies VesselPosition records (camelCase JSON from the hub); a vessel keeps its slot.
   * @param {import("./types").VesselPosition[]} positions
   */
  update(positions) {
    for (const v of positions) {
      let slot = this.index.get(v.mmsi);
      if (slot === undefined) {
        slot = this.mmsis.length;
        if (slot >= this.capacity) this.grow();
        this.index.set(v.mmsi, slot);
        this.mmsis.push(v.mmsi);
      } else {
        const previous = this.info[slot];
        if (previous && +new Date(previous.observedAt) > +new Date(v.observedAt)) continue; // out of order: keep the newer
      }
      this.info[slot] = v;
      const m = MercatorCoordinate.fromLngLat([v.longitude, v.latitude]);
      const heading = v.heading != null && v.heading >= 0 && v.heading < 360 ? v.heading
        : v.courseDegrees != null && v.courseDegrees >= 0 && v.courseDegrees < 360 && (v.speedKnots ?? 0) >= 0.5 ? v.courseDegrees : null;
      const o = slot * STRIDE;
      this.data[o] = m.x;
      this.data[o + 1] = m.y;
      this.data[o + 2] = heading == null ? -1 : (heading * Math.PI) / 180;
      // JSON carries ISO strings, MessagePack timestamps (Date objects).
      this.data[o + 3] = (typeof v.observedAt === "string" ? Date.parse(v.observedAt) : +v.observedAt) / 1000 - this.epoch0;
      this.data[o + 4] = (v.speedKnots ?? 0) >= 0.5 ? 1 : 0;
    }
    this.updates += positions.length;
    this.dirty = true;
    // AIS arrives in many small messages per second; the map is redrawn for them at most every REPAINT_MS, so a busy
    // feed costs a few full-map renders a second, not one per message (see docs/console.md).
    if (!this.repaintTimer && this.map) {
      this.repaintTimer = setTimeout(() => { this.repaintTimer = null; this.map.triggerRepaint(); }, REPAINT_MS);
    }
  }

  grow() {
    this.capacity *= 2;
    const next = new Float32Array(this.capacity * STRIDE);
    next.set(this.data);
    this.data = next;
    this.bufferCapacity = 0; // reallocate on the GPU
  }

  onAdd(map, gl) {
    this.map = map;
    const compile = (type, source) => {
      const s = gl.createShader(type);
      gl.shaderSource(s, source);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
      return s;
    };
    const program = gl.createProgram();
    gl.attachShader(program, compile(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
    this.program = program;
    this.u = Object.fromEntries(["u_matrix", "u_size", "u_now", "u_stale", "u_hide", "u_bearing"].map((n) => [n, gl.getUniformLocation(program, n)]));
    this.a = Object.fromEntries(["a_pos", "a_rot", "a_time", "a_moving"].map((n) => [n, gl.getAttribLocation(program, n)]));
    this.buffer = gl.createBuffer();
    this.vao = gl.createVertexArray();
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    const bytes = STRIDE * 4;
    gl.enableVertexAttribArray(this.a.a_pos);
    gl.vertexAttribPointer(this.a.a_pos, 2, gl.FLOAT, false, bytes, 0);
    gl.enableVertexAttribArray(this.a.a_rot);
    gl.vertexAttribPointer(this.a.a_rot, 1, gl.FLOAT, false, bytes, 8);
    gl.enableVertexAttribArray(this.a.a_time);
    gl.vertexAttribPointer(this.a.a_time, 1, gl.FLOAT, false, bytes, 12);
    gl.enableVertexAttribArray(this.a.a_moving);
    gl.vertexAttribPointer(this.a.a_moving, 1, gl.FLOAT, false, bytes, 16);
    gl.bindVertexArray(null);
    this.bufferCapacity = 0;
    this.dirty = true;
  }

  onRemove(_map, gl) {
    gl.deleteBuffer(this.buffer);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
  }

  render(gl, args) {
    if (!this.visible || this.count === 0) { this.drawn = 0; return; }
    gl.useProgram(this.program);
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    if (this.bufferCapacity !== this.capacity) {
      gl.bufferData(gl.ARRAY_BUFFER, this.data, gl.DYNAMIC_DRAW);
      this.bufferCapacity = this.capacity;
      this.dirty = false;
    } else if (this.dirty) {
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, this.data, 0, this.count * STRIDE);
      this.dirty = false;
    }
    const zoom = this.map.getZoom();
    const size = Math.max(6, Math.min(18, 2 + zoom * 1.5)) * (window.devicePixelRatio || 1);
    gl.uniformMatrix4fv(this.u.u_matrix, false, args.defaultProjectionData.mainMatrix);
    gl.uniform1f(this.u.u_size, size);
    gl.uniform1f(this.u.u_now, Date.now() / 1000 - this.epoch0);
    gl.uniform1f(this.u.u_stale, STALE_AFTER_S);
    gl.uniform1f(this.u.u_hide, HIDE_AFTER_S);
    gl.uniform1f(this.u.u_bearing, (this.map.getBearing() * Math.PI) / 180);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.POINTS, 0, this.count);
    gl.bindVertexArray(null);
    this.drawn = this.count;
    this.firstDrawnAt ??= performance.now(); // the "first vessel visible" figure (docs/console.md)
    this.frames = (this.frames ?? 0) + 1;
  }

  /**
   * The vessel nearest a screen point within maxPx, or null (projects every vessel: fine for a click).
   * @param {{ x: number, y: number }} point
   * @returns {import("./types").VesselPosition | null}
   */
  pick(point, maxPx = 10) {
    let best = null, bestD = maxPx * maxPx;
    for (let slot = 0; slot < this.count; slot++) {
      const v = this.info[slot];
      const p = this.map.project([v.longitude, v.latitude]);
      const d = (p.x - point.x) ** 2 + (p.y - point.y) ** 2;
      if (d <= bestD) { bestD = d; best = v; }
    }
    return best;
  }
}
