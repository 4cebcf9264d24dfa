#!/usr/bin/env node
// Turns bench/run's results.jsonl into the Markdown report: machine facts, a headline table with the
// ratios g4j/direct and g4j/peer and the issue's targets, then every figure per test.
//   node summarize.js results.jsonl facts.json [note] [run seconds]
'use strict';
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
const facts = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const note = process.argv[4] || '';
const runSeconds = +(process.argv[5] || 0);
const PEER = 'portkey';
const names = { direct: 'direct', g4j: 'g4j', portkey: 'Portkey' };
const peers = ['direct', 'g4j', PEER].filter(p => rows.some(r => r.peer === p));
const f = (x, d = 2) => (x === null || x === undefined || Number.isNaN(+x)) ? '–' : (+x).toFixed(d);
const mb = kb => kb ? (kb / 1024).toFixed(0) : '–';
const find = (peer, test, pred = () => true) => rows.find(r => r.peer === peer && r.test === test && pred(r));
const errCount = r => r && r.r && r.r.errors ? Object.values(r.r.errors).reduce((a, b) => a + b, 0) : null;
const wrkErrors = r => r.r.err_connect + r.r.err_read + r.r.err_write + r.r.err_status + r.r.err_timeout;
const out = [];

out.push(`# g4j gateway benchmark, ${facts.date}`, '');
out.push(`commit \`${facts.commit}\` · ${facts.cpus} CPUs (${facts.cpu}) · ${facts.memory} · Linux ${facts.kernel} · ` +
  `${facts.jdk} · Node ${facts.node} · ${facts.wrk} · Portkey ${facts.portkey} · ${facts.pinning}` +
  (runSeconds ? ` · run took ${Math.round(runSeconds / 60)} min` : ''), '');
out.push('All three targets relay to the same loopback upstream (`bench/fake-upstream.js`) in one run: **direct** is the ' +
  'upstream itself, **g4j** is `./g4j serve` with the OpenAICompatible provider pointed at it, **Portkey** is the ' +
  '`@portkey-ai/gateway` npm package. Ratios are g4j\'s figure divided by the other\'s.');
if (note) out.push('', `Note: ${note}.`);
out.push('');

// ---------- headline ----------
const metrics = [];  // { name, get(peer) -> number|null, digits, target(g, d, p) -> [text, met|null] }
for (const c of [...new Set(rows.filter(r => r.test === 'nonstream').map(r => r.conc))].sort((a, b) => a - b)) {
  const g = p => find(p, 'nonstream', x => x.conc === c);
  metrics.push({ name: `non-streamed, ${c} connections: req/s`, get: p => g(p) && g(p).r.rps, digits: 0,
    target: c === 64 ? (v, d, pk) => ['≥ 10× Portkey', pk ? v >= 10 * pk : null] : null });
  metrics.push({ name: `non-streamed, ${c} connections: p50 ms`, get: p => g(p) && g(p).r.p50_ms, digits: 3,
    target: (v, d) => ['added ≤ 0.5 ms', d != null ? v - d <= 0.5 : null], added: true });
  metrics.push({ name: `non-streamed, ${c} connections: p99 ms`, get: p => g(p) && g(p).r.p99_ms, digits: 3, added: true });
}
const st = p => find(p, 'stream');
if (peers.some(st)) {
  metrics.push({ name: 'streamed 50 chunks, 16 at once: streams/s', get: p => st(p) && st(p).r.streams_per_s, digits: 0,
    target: v => ['≥ 3,000', v >= 3000] });
  metrics.push({ name: 'streamed: time to first byte p50 ms', get: p => st(p) && st(p).r.ttfb_p50_ms, digits: 2,
    target: (v, d) => ['added ≤ 1 ms', d != null ? v - d <= 1 : null], added: true });
  metrics.push({ name: 'streamed: time to first byte p99 ms', get: p => st(p) && st(p).r.ttfb_p99_ms, digits: 2, added: true });
  metrics.push({ name: 'streamed: total p50 ms', get: p => st(p) && st(p).r.total_p50_ms, digits: 2, added: true });
}
metrics.push({ name: 'RSS idle MiB', get: p => { const m = find(p, 'memory'); return m && m.rss_idle_start_kb / 1024; }, digits: 0 });
metrics.push({ name: 'RSS peak under load (a)+(b) MiB', get: p => {
  const v = rows.filter(r => r.peer === p && (r.test === 'nonstream' || r.test === 'stream')).map(r => r.rss_peak_kb);
  return v.length ? Math.max(...v) / 1024 : null; }, digits: 0 });
for (const n of [...new Set(rows.filter(r => r.test === 'capacity').map(r => r.streams))]) {
  const cap = p => find(p, 'capacity', x => x.streams === n);
  const big = n === 10000;
  metrics.push({ name: `${n} open streams: errors`, get: p => errCount(cap(p)), digits: 0, noRatio: true,
    target: big ? v => ['0', v === 0] : null });
  metrics.push({ name: `${n} open streams: first byte p99 ms`, get: p => cap(p) && cap(p).r && cap(p).r.ttfb_p99_ms, digits: 1,
    target: big ? v => ['< 100 ms', v < 100] : null });
  metrics.push({ name: `${n} open streams: peak RSS MiB`, get: p => cap(p) && cap(p).rss_peak_kb / 1024, digits: 0,
    target: big ? v => ['≤ 512 MiB', v <= 512] : null });
}
const ratio = (a, b) => (a == null || b == null || b === 0) ? '–' : (a / b >= 10 ? f(a / b, 1) : f(a / b, 2)) + '×';
out.push('## Headline', '');
out.push('| metric | ' + peers.map(p => names[p]).join(' | ') + ' | g4j / direct | g4j / Portkey | target (g4j) | met |');
out.push('|---|' + peers.map(() => '---:|').join('') + '---:|---:|---|---|');
for (const m of metrics) {
  const v = Object.fromEntries(peers.map(p => [p, m.get(p) ?? null]));
  const g = v.g4j, d = v.direct, pk = v[PEER];
  const cells = peers.map(p => {
    if (v[p] == null) return '–';
    const added = m.added && p !== 'direct' && d != null ? ` (${v[p] - d < 0 ? '−' : '+'}${f(Math.abs(v[p] - d), m.digits)})` : '';
    return f(v[p], m.digits) + added;
  });
  let target = '', met = '';
  if (m.target && g != null) {
    const [t, ok] = m.target(g, d, pk);
    target = t; met = ok === null ? '–' : ok ? 'yes' : '**no**';
  }
  out.push(`| ${m.name} | ${cells.join(' | ')} | ${m.noRatio ? '–' : ratio(g, d)} | ${m.noRatio ? '–' : ratio(g, pk)} | ${target} | ${met} |`);
}
out.push('', 'Latency cells show the value and, in brackets, what the gateway adds over direct.', '');

// ---------- details ----------
out.push('## Functional probes (through each target to the upstream)', '');
out.push('| target | chat JSON status | SSE `data:` lines (5 chunks + finish + DONE = 7) | models listed | images relayed |');
out.push('|---|---|---|---|---|');
for (const p of peers) {
  const r = find(p, 'functional');
  if (r) out.push(`| ${names[p]} | ${r.chat_json_status} | ${r.sse_data_lines} | ${r.models_relayed ? 'yes' : 'no'} | ${r.images_relayed ? 'yes' : 'no'} |`);
}
for (const r of rows.filter(x => x.test === 'start' && !x.ok)) out.push('', `${names[r.peer]} did not start; see the run's logs.`);

out.push('', '## (a) Non-streamed POST /v1/chat/completions (wrk, closed loop)', '');
out.push('| target | connections | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | peak RSS MiB |');
out.push('|---|---|---|---|---|---|---|---|---|');
for (const r of rows.filter(x => x.test === 'nonstream').sort((a, b) => a.conc - b.conc)) {
  out.push(`| ${names[r.peer]} | ${r.conc} | ${f(r.r.rps, 0)} | ${f(r.r.p50_ms, 3)} | ${f(r.r.p90_ms, 3)} | ${f(r.r.p99_ms, 3)} | ${f(r.r.max_ms, 1)} | ${wrkErrors(r)} | ${mb(r.rss_peak_kb)} |`);
}

out.push('', '## (b) Streamed, 50 chunks 0 ms apart, 16 at once (closed loop)', '');
out.push('| target | streams/s | TTFB p50 ms | TTFB p99 ms | total p50 ms | total p99 ms | errors | peak RSS MiB |');
out.push('|---|---|---|---|---|---|---|---|');
for (const p of peers) {
  const r = st(p); if (!r) continue;
  out.push(`| ${names[p]} | ${f(r.r.streams_per_s, 0)} | ${f(r.r.ttfb_p50_ms)} | ${f(r.r.ttfb_p99_ms)} | ${f(r.r.total_p50_ms)} | ${f(r.r.total_p99_ms)} | ${errCount(r)} | ${mb(r.rss_peak_kb)} |`);
}

out.push('', '## (c) Resident memory (process tree RSS)', '');
out.push('| target | idle after start MiB | idle after load MiB | peak at the largest open-stream level MiB |');
out.push('|---|---|---|---|');
for (const p of peers) {
  const m = find(p, 'memory'); if (!m) continue;
  const caps = rows.filter(r => r.peer === p && r.test === 'capacity');
  const last = caps[caps.length - 1];
  out.push(`| ${names[p]} | ${mb(m.rss_idle_start_kb)} | ${mb(m.rss_idle_after_load_kb)} | ${last ? `${mb(last.rss_peak_kb)} (at ${last.streams})` : '–'} |`);
}

out.push('', '## (d) Concurrent open streams (30 chunks 1 s apart, opened at 1,000/s)', '');
out.push('| target | streams | completed | errors | peak open (upstream) | TTFB p50 ms | TTFB p99 ms | total p50 s | total max s | peak RSS MiB | alive after |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows.filter(x => x.test === 'capacity')) {
  const s = r.r || {};
  const errs = s.errors ? Object.entries(s.errors).map(([k, v]) => `${k}: ${v}`).join(', ') || '0' : 'n/a';
  out.push(`| ${names[r.peer]} | ${r.streams} | ${s.ok ?? '–'} | ${errs} | ${r.upstream ? r.upstream.maxOpenStreams : '–'} | ${f(s.ttfb_p50_ms, 1)} | ${f(s.ttfb_p99_ms, 1)} | ${f(s.total_p50_ms / 1000, 1)} | ${f(s.total_max_ms / 1000, 1)} | ${mb(r.rss_peak_kb)} | ${r.peer_alive_after ? 'yes' : 'no'} |`);
}
console.log(out.join('\n'));
