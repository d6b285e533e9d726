// The browser's copy of the position parser (src/MaritimeCoord.Server/wwwroot/js/geo.js) run in Node, for
// ConsoleScriptTests: reads { "parse": [text…], "toDdm": [[lat, lon]…] } on stdin and writes, in the same order,
// { "parse": [parseCoordinates answer: { position: { latitude, longitude } } or { error }…], "toDdm": [text…] }.
// The console's modules are plain ES modules served as .js; the server's package.json does not say "type": "module",
// so they are copied into a temporary folder that does before Node imports them.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "src", "MaritimeCoord.Server", "wwwroot", "js");
const copy = mkdtempSync(join(tmpdir(), "mcoord-console-js-"));
try {
  cpSync(source, copy, { recursive: true });
  writeFileSync(join(copy, "package.json"), '{ "type": "module" }\n');
  const { parseCoordinates, toDdm } = await import(pathToFileURL(join(copy, "geo.js")).href);
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const asked = JSON.parse(input);
  process.stdout.write(JSON.stringify({
    parse: (asked.parse ?? []).map((t) => parseCoordinates(t)),
    toDdm: (asked.toDdm ?? []).map(([lat, lon]) => toDdm(lat, lon)),
  }));
} finally {
  rmSync(copy, { recursive: true, force: true });
}
