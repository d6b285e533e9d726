// Types for the console's JavaScript (// @ts-check, JSDoc): the globals of the classic scripts index.html loads, and
// the API and hub payloads the modules read. Checked by tsc with ../jsconfig.json (ConsoleScriptTests); never served
// to the browser as code (a .d.ts has no runtime).

import type * as SignalR from "@microsoft/signalr";
import type { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

declare global {
  /** /lib/signalr/signalr.min.js (and signalr-protocol-msgpack.min.js, which adds protocols.msgpack when served). */
  const signalR: typeof SignalR & { protocols?: { msgpack?: { MessagePackHubProtocol: typeof MessagePackHubProtocol } } };
}

/** RFC 9457 problem details as the API returns them (Infrastructure/Problems.cs). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** A stable code for problems a client acts on, e.g. "stale-version". */
  code?: string;
  /** Messages by field name (camelCase), for validation problems. */
  errors?: Record<string, string[]>;
}

/** GET /api/me (Features/Account/AccountEndpoints.cs MeResponse). */
export interface Me {
  subject: string;
  name: string;
  roles: string[];
  centre: string | null;
}

/** A numbered situation stream and its newest number (Contracts/Realtime/StreamPosition). */
export interface StreamPosition {
  stream: string;
  lastSeq: number;
}

/** What every situation-hub event may carry besides its contract's fields: its stream and number (absent when unnumbered). */
export interface HubEvent {
  stream?: string;
  seq?: number;
  incidentId?: string;
  [field: string]: unknown;
}

/** One numbered event of a catch-up page (Contracts/Realtime/CatchUpPage SequencedEvent). */
export interface SequencedEvent {
  stream: string;
  seq: number;
  /** Client method name, e.g. incidentPhaseChanged. */
  name: string;
  payload: HubEvent;
}

/** The hub's CatchUp(stream, afterSeq) answer (Contracts/Realtime/CatchUpPage). */
export interface CatchUpPage {
  stream: string;
  events: SequencedEvent[];
  more: boolean;
}

/** One vessel's AIS position as pushed by vesselPositionsUpdated (Contracts/Realtime/LiveVesselPosition). */
export interface VesselPosition {
  mmsi: number;
  /** ISO 8601 over JSON; a Date over MessagePack. */
  observedAt: string | Date;
  latitude: number;
  longitude: number;
  speedKnots: number | null;
  courseDegrees: number | null;
  heading: number | null;
  navigationalStatus: number | null;
  messageType: number;
}

/** A position parsed from text (js/geo.js parseCoordinates, the browser's copy of Domain/Geo/CoordinateParser). */
export type ParsedPosition = { position: { latitude: number; longitude: number }; error?: undefined } | { error: string; position?: undefined };

// The console queries HTML elements only (no SVG). A selector's match is typed by the tag its last compound starts with
// ("form[data-action=plan]" is an HTMLFormElement, "tbody tr" an HTMLTableRowElement), else it is an HTMLElement.
type LastCompound<S extends string> = S extends `${string} ${infer R}` ? LastCompound<R> : S extends `${string}>${infer R}` ? LastCompound<R> : S;
type TagOf<S extends string> =
  S extends `${infer T}[${string}` ? TagOf<T> :
  S extends `${infer T}.${string}` ? TagOf<T> :
  S extends `${infer T}#${string}` ? TagOf<T> :
  S extends `${infer T}:${string}` ? TagOf<T> : S;
type Selected<S extends string> = S extends `${string},${string}` ? HTMLElement
  : TagOf<LastCompound<S>> extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[TagOf<LastCompound<S>>] : HTMLElement;

declare global {
  interface ParentNode {
    querySelector<S extends string>(selectors: S): Selected<S> | null;
    querySelectorAll<S extends string>(selectors: S): NodeListOf<Selected<S>>;
  }
  interface Element {
    closest<S extends string>(selectors: S): Selected<S> | null;
  }
  interface Window {
    /** The console's state, read by the browser tests (app.js) */
    mcoord?: any;
    /** Safari before 14.1 */
    webkitAudioContext?: typeof AudioContext;
  }
}
