#!/usr/bin/env node
// bench/soak's report: one row per sample, then the verdict (heap after GC at the end no more than 5%
// above its level at the end of the warm-up; no stream left open upstream).
//   node soak-summary.js soak.jsonl WARMUP_MIN COMMIT
'use strict';
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
const warmupS = +process.argv[3] * 60;
const commit = process.argv[4];
const samples = rows.filter(r => r.t_s !== undefined && !r.died);
const final = rows.find(r => r.final);
const mib = kb => (kb / 1024).toFixed(1);
const out = [`# g4j soak run, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\``, ''];
out.push('| t (s) | streams ok | errors by kind (as the client saw them) | heap after GC MiB | RSS MiB | threads | upstream open streams |');
out.push('|---|---|---|---|---|---|---|');
let ok = 0;
for (const r of samples) {
  const s = r.r || {};
  ok += s.ok || 0;
  const errs = s.errors ? Object.entries(s.errors).map(([k, v]) => `${k}: ${v}`).join(', ') : 'n/a';
  out.push(`| ${r.t_s} | ${s.ok ?? '–'} | ${errs} | ${mib(r.heap_kb)} | ${mib(r.rss_kb)} | ${r.threads} | ${r.upstream ? r.upstream.openStreams : '–'} |`);
}
const base = samples.filter(r => r.t_s <= warmupS).pop() || samples[0];
const last = final || samples[samples.length - 1];
const reasons = [];
if (rows.some(r => r.died)) reasons.push('the server died');
if (!base || !last) reasons.push('no samples');
let growth = NaN;
if (base && last) {
  growth = (last.heap_kb - base.heap_kb) / base.heap_kb * 100;
  if (growth > 5) reasons.push(`heap after GC grew ${growth.toFixed(1)}% after the warm-up`);
}
if (final && final.upstream && final.upstream.openStreams !== 0) reasons.push(`${final.upstream.openStreams} upstream streams still open at the end`);
out.push('');
out.push(`Heap after GC: ${base ? mib(base.heap_kb) : '–'} MiB at the end of the warm-up (t=${base ? base.t_s : '–'} s), ` +
  `${last ? mib(last.heap_kb) : '–'} MiB at the end (${Number.isNaN(growth) ? '–' : (growth >= 0 ? '+' : '') + growth.toFixed(1) + '%'}); ` +
  `${ok} streams completed; threads at the end: ${final ? final.threads : '–'}; upstream streams open at the end: ${final && final.upstream ? final.upstream.openStreams : '–'}.`);
out.push('');
out.push(reasons.length ? `Verdict: FAIL (${reasons.join('; ')})` : 'Verdict: pass (heap after GC no more than 5% above its post-warm-up level, nothing left open)');
console.log(out.join('\n'));
