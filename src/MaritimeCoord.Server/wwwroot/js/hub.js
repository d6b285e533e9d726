// @ts-check
// The live feed (/hubs/situation).
// Incident events are numbered per stream (centre:CODE, all-centres, incident:ID: 1, 2, 3 … without holes, see
// docs/realtime.md). Each is applied once, in order: a repeat is dropped, an event after a hole waits while the hole
// is fetched with CatchUp(stream, afterSeq) from the server's database, and after any reconnection everything after
// the last applied number is fetched the same way. Stateful reconnect covers short WebSocket drops on top of that.
// AIS positions are filtered on the server to the map's viewport (setViewport on every moveend).
// Protocol: MessagePack when its library is served (measured faster, docs/realtime.md); `?hubProtocol=json` forces JSON.

/* global signalR */
const EVENTS = ["incidentOpened", "sightingLogged", "incidentMarkedStale", "incidentPhaseChanged", "incidentHandoverChanged",
  "handoverSuggested", "responderTasked", "detectionEventRaised", "detectionEventWithdrawn", "incidentEscalated",
  "detectionAlert", "handoverOfferReminder", "supervisorEscalation", "vesselPositionsUpdated",
  "incidentPersonsOnBoardChanged", "incidentDistressIndicatorsChanged", "sitrepIssued", "incidentsMerged", "sightingSplit",
  "driftRunCompleted", "driftRunProgress", "searchPlanProposed", "searchPlanIssued", "searchResultRecorded",
  "intakeReviewChanged"];

// Unnumbered events (from a publisher outside the outbox) are still de-duplicated by content.
const KEYS = {
  incidentOpened: (e) => `opened:${e.incidentId}`,
  sightingLogged: (e) => `sighting:${e.sightingId}`,
  incidentMarkedStale: (e) => `stale:${e.incidentId}:${e.markedAt}`,
  incidentPhaseChanged: (e) => `phase:${e.incidentId}:${e.changedAt}:${e.phase}`,
  incidentHandoverChanged: (e) => `handover:${e.incidentId}:${e.step}:${e.at}`,
  handoverSuggested: (e) => `suggested:${e.incidentId}:${e.at}`,
  responderTasked: (e) => `tasked:${e.incidentId}:${e.assetCode}:${e.at}`,
  incidentPersonsOnBoardChanged: (e) => `pob:${e.incidentId}:${e.changedAt}`,
  incidentDistressIndicatorsChanged: (e) => `indicators:${e.incidentId}:${e.changedAt}`,
  sitrepIssued: (e) => `sitrep:${e.incidentId}:${e.number}`,
  incidentsMerged: (e) => `merged:${e.mergedIncidentId}:${e.mergedAt}`,
  sightingSplit: (e) => `split:${e.sightingId}:${e.splitAt}`,
  driftRunCompleted: (e) => `drift:${e.runId}:${e.status}`,
  searchPlanProposed: (e) => `search-plan:${e.incidentId}:${e.number}`,
  searchPlanIssued: (e) => `search-plan-issued:${e.incidentId}:${e.number}`,
  searchResultRecorded: (e) => `search-result:${e.incidentId}:${e.number}:${e.assetCode}`,
  intakeReviewChanged: (e) => `intake-review:${e.reviewId}:${e.status}`,
  // driftRunProgress is unnumbered and not de-duplicated: each is the latest figure of a run (docs/drift-runs.md).
};

const GAP_GRACE_MS = 1000; // events may arrive out of order (competing consumers); a hole still open after this is fetched

async function loadMessagePack() {
  if (new URLSearchParams(location.search).get("hubProtocol") === "json") return null;
  if (signalR.protocols?.msgpack) return new signalR.protocols.msgpack.MessagePackHubProtocol();
  try {
    await new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "/lib/signalr/signalr-protocol-msgpack.min.js";
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
    return new signalR.protocols.msgpack.MessagePackHubProtocol();
  } catch {
    return null; // not served: JSON works the same
  }
}
const messagePack = await loadMessagePack();

/** One numbered stream: last applied number and events waiting behind a hole (mirrors Domain/Realtime/StreamSequence). */
class StreamState {
  /** @param {number} lastSeq */
  constructor(lastSeq) { this.last = lastSeq; this.ahead = new Map(); }
}

export class SituationFeed {
  /**
   * @param {() => string | null} getToken the bearer token, asked for at every (re)connection
   * @param {{ onEvent: (name: string, e: import("./types").HubEvent) => void, onStatus: (status: string) => void, onReconnected?: () => void }} handlers
   */
  constructor(getToken, { onEvent, onStatus, onReconnected }) {
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onReconnected = onReconnected;
    this.seen = new Set();
    this.streams = new Map(); // stream → StreamState
    this.status = "offline";
    this.protocol = messagePack ? "messagepack" : "json";
    this.stats = { applied: 0, duplicates: 0, caughtUp: 0, gapsFilled: 0 };
    const builder = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/situation", { accessTokenFactory: getToken })
      // Retry for ever: an operator's wall display must come back by itself after a network or server outage.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => [0, 1000, 2000, 5000, 10000][ctx.previousRetryCount] ?? 15000 })
      .withStatefulReconnect()
      .configureLogging(signalR.LogLevel.None);
    if (messagePack) builder.withHubProtocol(messagePack);
    this.connection = builder.build();
    for (const name of EVENTS) this.connection.on(name, (e) => this.receive(name, e));
    this.connection.onreconnecting(() => this.setStatus("reconnecting"));
    this.connection.onreconnected(async () => { this.setStatus("live"); await this.resync(); await this.onReconnected?.(); });
    this.connection.onclose(() => { this.setStatus("offline"); this.restartLater(); });
  }

  setStatus(status) { this.status = status; this.onStatus(status); }

  /**
   * @param {string} name the client method the event came as, e.g. incidentPhaseChanged
   * @param {import("./types").HubEvent} e
   */
  receive(name, e) {
    if (name === "vesselPositionsUpdated" || e.seq == null || e.stream == null) {
      const key = KEYS[name]?.(e);
      if (key) {
        if (this.seen.has(key)) return;
        this.seen.add(key);
        if (this.seen.size > 20000) this.seen = new Set([...this.seen].slice(-10000));
      }
      this.onEvent(name, e);
      return;
    }
    const state = this.streams.get(e.stream);
    if (!state) return; // a stream not (yet) followed: its history comes with the catch-up that starts following it
    const seq = Number(e.seq);
    if (seq <= state.last || state.ahead.has(seq)) { this.stats.duplicates++; return; }
    state.ahead.set(seq, { name, e });
    this.release(e.stream, state);
    if (state.ahead.size > 0) this.scheduleCatchUp(e.stream);
  }

  /**
   * Applies the events that follow the last applied number without a hole.
   * @param {string} stream
   * @param {StreamState} state
   */
  release(stream, state) {
    while (state.ahead.has(state.last + 1)) {
      const next = state.ahead.get(state.last + 1);
      state.ahead.delete(state.last + 1);
      state.last++;
      // An incident's events come in its own stream too once the incident is followed (SubscribeIncident): once is enough.
      const key = KEYS[next.name]?.(next.e);
      if (key && this.seen.has(key)) { this.stats.duplicates++; continue; }
      if (key) this.seen.add(key);
      this.stats.applied++;
      try { this.onEvent(next.name, next.e); } catch (err) { console.error(err); }
    }
  }

  scheduleCatchUp(stream) {
    const state = this.streams.get(stream);
    if (state.timer) return;
    state.timer = setTimeout(async () => {
      state.timer = null;
      if (state.ahead.size > 0) { this.stats.gapsFilled++; await this.catchUp(stream); }
    }, GAP_GRACE_MS);
  }

  /**
   * Fetches everything after the last applied number of a stream, page by page, and applies it in order.
   * @param {string} stream
   */
  async catchUp(stream) {
    const state = this.streams.get(stream);
    for (;;) {
      /** @type {import("./types").CatchUpPage} */
      const page = await this.connection.invoke("CatchUp", stream, state.last);
      for (const ev of page.events) {
        const seq = Number(ev.seq);
        if (seq <= state.last) continue;
        state.ahead.set(seq, { name: ev.name, e: ev.payload });
        this.stats.caughtUp++;
      }
      this.release(stream, state);
      if (!page.more || page.events.length === 0) return;
    }
  }

  /** After (re)connecting: follow the connection's streams; a stream followed before is caught up from its last number. */
  async resync() {
    try {
      /** @type {import("./types").StreamPosition[]} */
      const streams = await this.connection.invoke("GetStreams");
      for (const { stream, lastSeq } of streams) {
        if (!this.streams.has(stream)) { this.streams.set(stream, new StreamState(Number(lastSeq))); continue; }
        await this.catchUp(stream);
      }
      if (this.viewport) await this.sendViewport();
    } catch (err) {
      console.warn("live feed resync failed", err);
    }
  }

  /**
   * Follows one incident's stream (refused by the server unless this centre may see the incident).
   * @param {string} incidentId
   */
  async subscribeIncident(incidentId) {
    /** @type {import("./types").StreamPosition} */
    const { stream, lastSeq } = await this.connection.invoke("SubscribeIncident", incidentId);
    if (!this.streams.has(stream)) this.streams.set(stream, new StreamState(Number(lastSeq)));
    return stream;
  }

  /** Sends the map's viewport now and on every moveend, so the server sends only the vessels in view. */
  followMap(map) {
    const update = () => {
      const b = map.getBounds();
      this.viewport = viewportOf(b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), map.getZoom());
      this.sendViewport();
    };
    map.on("moveend", update);
    update();
  }

  async sendViewport() {
    if (!this.viewport || this.connection.state !== "Connected") return;
    const v = this.viewport;
    try { await this.connection.invoke("SetViewport", v.west, v.south, v.east, v.north, v.zoom); } catch (err) { console.warn("viewport refused", err); }
  }

  async start() {
    try {
      await this.connection.start();
      this.setStatus("live");
      await this.resync();
      return true;
    } catch {
      this.setStatus("offline");
      this.restartLater();
      return false;
    }
  }

  // withAutomaticReconnect only covers a connection that was once up; a failed start (or a give-up) is retried here.
  restartLater() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      if (this.connection.state !== "Disconnected") return;
      if (await this.start()) await this.onReconnected?.();
    }, 5000);
  }
}

/**
 * MapLibre bounds → the hub's viewport: longitudes folded into [-180, 180] (west > east when the view crosses the
 * antimeridian; 360° or more is the whole world), latitudes clamped (Domain/Realtime/Viewport.FromMapBounds).
 * @param {number} west @param {number} south @param {number} east @param {number} north @param {number} zoom
 */
export function viewportOf(west, south, east, north, zoom) {
  const wrap = (x) => (x >= -180 && x <= 180 ? x : ((((x + 180) % 360) + 360) % 360) - 180);
  const clampLat = (y) => Math.max(-90, Math.min(90, y));
  const whole = east - west >= 360;
  return {
    west: whole ? -180 : wrap(west), east: whole ? 180 : wrap(east),
    south: clampLat(south), north: clampLat(north), zoom: Math.max(0, Math.min(24, zoom)),
  };
}
