// Independent Cursor-on-Target peer for MaritimeCoord's CoT tests, built on @tak-ps/node-cot (MIT; npm).
//   node harness.mjs receive tcp|tls|udp <port> [--host H] [--cert F --key F --ca F] [--group G --iface A]
//     Listens; prints "LISTENING <port>", then one JSON line per event it receives: node-cot's parse (schema-checked)
//     of each event, or {"ok":false,"error":…} when node-cot refuses it.
//   node harness.mjs send tcp|tls <host> <port> [--cert F --key F --ca F] < features.ndjson
//     Reads GeoJSON features (one per line; node-cot's input shape), builds each event with node-cot and writes them
//     back to back on one connection; a line {"raw": "..."} is sent as is (hostile input). Prints "SENT <n>".
import net from 'node:net';
import tls from 'node:tls';
import dgram from 'node:dgram';
import fs from 'node:fs';
import readline from 'node:readline';
import { CoTParser } from '@tak-ps/node-cot';

const [mode, transport, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => { const i = rest.indexOf('--' + name); return i >= 0 ? rest[i + 1] : dflt; };

// Drawn shapes (u-d-…) also carry node-cot's own GeoJSON reading of them (to_geojson: Polygon when the ring closes).
async function report(xml) {
  try {
    const cot = CoTParser.from_xml(xml);
    const geometry = cot.type().startsWith('u-d-') ? (await CoTParser.to_geojson(cot)).geometry : undefined;
    const e = cot.raw.event;
    const d = e.detail || {};
    const out = {
      ok: true, uid: cot.uid(), type: cot.type(), how: e._attributes.how,
      time: e._attributes.time, start: e._attributes.start, stale: e._attributes.stale,
      lat: Number(e.point._attributes.lat), lon: Number(e.point._attributes.lon),
      callsign: cot.callsign(), remarks: d.remarks?._text ?? null,
      accepted: d._mcoord?._attributes?.accepted ?? null,
      received: new Date().toISOString(), receivedMs: performance.timeOrigin + performance.now(),
      ...(geometry ? { geometry, links: (Array.isArray(d.link) ? d.link : [d.link]).length } : {}),
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(err.message || err) }) + '\n');
  }
}

function splitter() {
  let buf = '';
  let chain = Promise.resolve(); // reports in arrival order
  return chunk => {
    buf += chunk.toString('utf8');
    let at;
    while ((at = buf.indexOf('</event>')) >= 0) {
      const one = buf.slice(0, at + 8).trim();
      buf = buf.slice(at + 8);
      if (one) chain = chain.then(() => report(one));
    }
  };
}

function tlsOptions(server) {
  return {
    cert: fs.readFileSync(opt('cert')), key: fs.readFileSync(opt('key')), ca: [fs.readFileSync(opt('ca'))],
    ...(server ? { requestCert: true, rejectUnauthorized: true } : { rejectUnauthorized: true, servername: opt('servername', 'localhost') }),
  };
}

if (mode === 'receive') {
  const port = Number(rest[0]);
  const host = opt('host', '127.0.0.1');
  if (transport === 'udp') {
    const sock = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    let chain = Promise.resolve();
    sock.on('message', msg => { chain = chain.then(() => report(msg.toString('utf8'))); });
    sock.bind(port, opt('group') ? undefined : host, () => {
      if (opt('group')) sock.addMembership(opt('group'), opt('iface', '127.0.0.1'));
      process.stdout.write(`LISTENING ${sock.address().port}\n`);
    });
  } else {
    const onConn = s => {
      process.stdout.write(JSON.stringify({ connection: true, authorized: s.authorized ?? null }) + '\n');
      s.on('data', splitter());
      s.on('error', () => {});
    };
    const server = transport === 'tls' ? tls.createServer(tlsOptions(true), onConn) : net.createServer(onConn);
    server.on('tlsClientError', err => process.stdout.write(JSON.stringify({ tlsClientError: String(err.code || err.message) }) + '\n'));
    server.listen(port, host, () => process.stdout.write(`LISTENING ${server.address().port}\n`));
  }
} else if (mode === 'send') {
  const [host, portText] = rest;
  const lines = [];
  for await (const line of readline.createInterface({ input: process.stdin })) if (line.trim()) lines.push(JSON.parse(line));
  const payloads = [];
  for (const item of lines) {
    if (item.raw !== undefined) payloads.push(item.raw);
    else payloads.push(CoTParser.to_xml(await CoTParser.from_geojson(item)));
  }
  const sock = transport === 'tls'
    ? tls.connect({ host, port: Number(portText), ...tlsOptions(false) })
    : net.connect({ host, port: Number(portText) });
  sock.on(transport === 'tls' ? 'secureConnect' : 'connect', () => {
    for (const p of payloads) sock.write(p);
    sock.end(() => process.stdout.write(`SENT ${payloads.length}\n`));
  });
  sock.on('error', err => { process.stdout.write(`ERROR ${err.code || err.message}\n`); process.exitCode = 1; });
  sock.on('close', () => {});
} else {
  process.stderr.write('usage: see the header of harness.mjs\n');
  process.exit(2);
}
