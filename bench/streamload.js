#!/usr/bin/env node
// SSE load generator for OpenAI-compatible /v1/chat/completions. Loopback targets only.
// Usage:
//   node streamload.js --url http://127.0.0.1:PORT/v1/chat/completions --mode duration \
//        --concurrency 16 --duration 20 --model fake-c50-d0 [--header 'k: v']...
//   node streamload.js --url ... --mode burst --streams 1000 --ramp-per-s 1000 \
//        --model fake-c30-d1000 --timeout 120
// Prints one line "STREAMJSON {...}" with: ok, errors by kind, ttfb/total percentiles (ms),
// streams/s, peak concurrently open streams seen by the client.
'use strict';
const http = require('http');

const args = process.argv.slice(2);
const opt = { mode: 'duration', concurrency: 16, duration: 20, streams: 100, 'ramp-per-s': 1000,
  model: 'fake-c50-d0', timeout: 120, url: '', expect: -1 };
const headers = { 'content-type': 'application/json' };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--header') { const h = args[++i]; const j = h.indexOf(':'); headers[h.slice(0, j).trim().toLowerCase()] = h.slice(j + 1).trim(); }
  else if (a.startsWith('--')) opt[a.slice(2)] = args[++i];
}
const u = new URL(opt.url);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) && !u.hostname.startsWith('127.')) {
  console.error('refusing non-loopback target'); process.exit(2);
}
// --models a,b,c (duration mode): each request takes the next of these instead of --model (the soak run's mix)
const models = (opt.models || opt.model).split(',');
const shapes = models.map((model) => {
  const m = /fake-c(\d+)-d(\d+)(-f\w+)?$/.exec(model); // the model may carry a relay's provider prefix
  const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'hi' }] });
  return { model, body, length: Buffer.byteLength(body), expect: +opt.expect >= 0 ? +opt.expect : (m ? +m[1] : 1) };
});
let nextShape = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 100000 });

const ttfb = [], total = [], errors = {};
let ok = 0, started = 0, finished = 0, open = 0, peakOpen = 0, short = 0;
const err = (k) => { errors[k] = (errors[k] || 0) + 1; };
const now = () => Number(process.hrtime.bigint()) / 1e6;

function one() {
  const shape = shapes[nextShape++ % shapes.length];
  const expectChunks = shape.expect;
  return new Promise((resolve) => {
    const t0 = now(); let t1 = 0, events = 0, done = false, carry = '', settled = false, counted = false;
    started++;
    const fin = (kind) => {
      if (settled) return; settled = true; finished++;
      if (counted) open--;
      if (kind === 'ok') { ok++; ttfb.push(t1 - t0); total.push(now() - t0); } else err(kind);
      resolve();
    };
    const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST',
      headers: { ...headers, 'content-length': shape.length }, agent }, (res) => {
      if (res.statusCode !== 200) { const k = 'status_' + res.statusCode; res.resume(); res.on('end', () => fin(k)); res.on('error', () => fin(k)); return; }
      open++; counted = true; if (open > peakOpen) peakOpen = open;
      res.on('data', (b) => {
        if (!t1) t1 = now();
        const s = carry + b.toString('latin1');
        let i = 0;
        while ((i = s.indexOf('data:', i)) !== -1) { events++; i += 5; }
        if (s.indexOf('[DONE]') !== -1) done = true;
        carry = s.slice(-6);
        if (carry.indexOf('data:') !== -1) carry = ''; // avoid double count
      });
      res.on('end', () => {
        if (!done) return fin('no_done');
        const contentEvents = events - 1; // minus the [DONE] event
        if (contentEvents < expectChunks) { short++; return fin('short_stream'); }
        fin('ok');
      });
      res.on('error', (e) => fin('res_' + (e.code || e.message)));
      res.on('aborted', () => fin('aborted'));
    });
    req.setTimeout(+opt.timeout * 1000, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => fin('req_' + (e.code || e.message)));
    req.end(shape.body);
  });
}

function pct(a, p) { if (!a.length) return null; const s = a.slice().sort((x, y) => x - y); return +s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))].toFixed(2); }

async function main() {
  const T0 = now();
  if (opt.mode === 'duration') {
    const end = T0 + +opt.duration * 1000;
    const workers = [];
    for (let w = 0; w < +opt.concurrency; w++) workers.push((async () => { while (now() < end) await one(); })());
    await Promise.all(workers);
  } else {
    const N = +opt.streams, perS = +opt['ramp-per-s'], ps = [];
    const hardStop = setTimeout(() => { console.error('hard stop'); report(T0, true); process.exit(3); }, (+opt.timeout + 60) * 1000);
    for (let i = 0; i < N; i++) {
      ps.push(one());
      if ((i + 1) % Math.max(1, Math.floor(perS / 20)) === 0) await new Promise(r => setTimeout(r, 50));
    }
    await Promise.all(ps);
    clearTimeout(hardStop);
  }
  report(T0, false);
  agent.destroy();
}
function report(T0, partial) {
  const el = (now() - T0) / 1000;
  const out = { mode: opt.mode, model: models.join(','), concurrency: +opt.concurrency, streams_requested: opt.mode === 'burst' ? +opt.streams : null,
    started, finished, ok, errors, elapsed_s: +el.toFixed(2), streams_per_s: +(ok / el).toFixed(1), peak_open: peakOpen,
    ttfb_p50_ms: pct(ttfb, 50), ttfb_p99_ms: pct(ttfb, 99), total_p50_ms: pct(total, 50), total_p99_ms: pct(total, 99),
    total_max_ms: total.length ? +total.reduce((a, b) => (b > a ? b : a), 0).toFixed(2) : null, partial };
  console.log('STREAMJSON ' + JSON.stringify(out));
}
main();
