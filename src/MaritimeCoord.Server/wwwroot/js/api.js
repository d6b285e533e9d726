// @ts-check
// The server's HTTP API with the bearer token; errors keep the RFC 9457 problem details so forms can show them by field.

/** @type {string | null} */
let token = null;
export const setToken = (value) => { token = value; };
export const getToken = () => token;

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {import("./types").Problem | null} problem RFC 9457 problem details, when the body was JSON
   * @param {string} message
   */
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem ?? {};
  }
  /** { field: [messages] } from a validation problem, or {} */
  get errors() { return this.problem.errors ?? {}; }
  get code() { return this.problem.code; }
}

/** A request that never reached the server (link down, DNS, aborted): the caller may keep and retry it. */
export class NetworkError extends Error {}

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, text?: boolean }} [options]
 * @returns {Promise<any>} the JSON body (or text, or null for 204); ApiError or NetworkError when it fails
 */
export async function api(path, { method = "GET", body, headers = {}, text = false } = {}) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new NetworkError(`The server could not be reached (${e.message}).`);
  }
  if (response.ok) {
    if (response.status === 204) return null;
    return text ? response.text() : response.json();
  }
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  throw new ApiError(response.status, problem, describe(response.status, problem, path));
}

function describe(status, problem, path) {
  if (status === 401) return "Your token was refused (expired or invalid). Sign in again.";
  if (status === 403) return "Your role may not do this.";
  if (status === 404) return "Not found, or not visible to your centre.";
  if (problem?.code === "stale-version")
    return "Someone else changed this incident since you opened it. It has been reloaded: check it and apply your change again.";
  if (problem?.detail) return problem.detail;
  if (problem?.errors) return Object.values(problem.errors).flat().join(" ");
  if (problem?.title) return problem.title;
  return `${path}: HTTP ${status}`;
}
