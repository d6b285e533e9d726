// The live feed (/hubs/situation). Delivery is at least once (outbox → bus → hub), so each event is applied once by key.
// A lost connection is shown and retried for ever; on reconnection the caller reloads what it shows (catch-up).

/* global signalR */
const EVENTS = ["incidentOpened", "sightingLogged", "incidentMarkedStale", "incidentPhaseChanged", "incidentHandoverChanged",
  "handoverSuggested", "responderTasked", "vesselPositionsUpdated"];

const KEYS = {
  incidentOpened: (e) => `opened:${e.incidentId}`,
  sightingLogged: (e) => `sighting:${e.sightingId}`,
  incidentMarkedStale: (e) => `stale:${e.incidentId}:${e.markedAt}`,
  incidentPhaseChanged: (e) => `phase:${e.incidentId}:${e.changedAt}:${e.phase}`,
  incidentHandoverChanged: (e) => `handover:${e.incidentId}:${e.step}:${e.at}`,
  handoverSuggested: (e) => `suggested:${e.incidentId}:${e.at}`,
  responderTasked: (e) => `tasked:${e.incidentId}:${e.assetCode}:${e.at}`,
};

export class SituationFeed {
  constructor(getToken, { onEvent, onStatus, onReconnected }) {
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.onReconnected = onReconnected;
    this.seen = new Set();
    this.status = "offline";
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/situation", { accessTokenFactory: getToken })
      // Retry for ever: an operator's wall display must come back by itself after a network or server outage.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => [0, 1000, 2000, 5000, 10000][ctx.previousRetryCount] ?? 15000 })
      .configureLogging(signalR.LogLevel.None)
      .build();
    for (const name of EVENTS) {
      this.connection.on(name, (e) => {
        const key = KEYS[name]?.(e);
        if (key) {
          if (this.seen.has(key)) return;
          this.seen.add(key);
          if (this.seen.size > 20000) this.seen = new Set([...this.seen].slice(-10000));
        }
        this.onEvent(name, e);
      });
    }
    this.connection.onreconnecting(() => this.setStatus("reconnecting"));
    this.connection.onreconnected(async () => { this.setStatus("live"); await this.onReconnected?.(); });
    this.connection.onclose(() => { this.setStatus("offline"); this.restartLater(); });
  }

  setStatus(status) { this.status = status; this.onStatus(status); }

  async start() {
    try {
      await this.connection.start();
      this.setStatus("live");
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
