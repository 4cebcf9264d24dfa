#!/usr/bin/env node
// Fake OpenAI-compatible upstream for gateway benchmarking. Loopback only.
//   PORT (default 18080), HOST (default 127.0.0.1)
//   CHUNKS (default 50)    number of chat.completion.chunk events per stream
//   DELAY_MS (default 0)   delay between chunks
// Per-request overrides via query string: ?chunks=N&delay_ms=M
// Per-request overrides via headers (for clients that cannot set a query):
//   x-fake-chunks: N, x-fake-delay-ms: M
// Per-request overrides via the model name, for relays that drop query/headers:
//   "model": "fake-c30-d1000"  -> 30 chunks, 1000 ms apart
//   "model": "fake-c30-d10-fcut"  -> the same with a fault (for the soak run):
//     f500  a 500 JSON error instead of an answer      f429  429 with Retry-After: 1
//     fhtml a 502 HTML page                            fcut  half the chunks, then the socket is destroyed
//     fstall two chunks, then silence until the client leaves
//     fbad  a malformed data: line after half the chunks
// GET /v1/models lists every model name the harness sends (a relay may check the name against it).
// Endpoints: POST /v1/chat/completions (JSON or SSE when "stream": true),
//            GET /v1/models, POST /v1/images/generations, GET /health, POST /_reset (stats)
'use strict';
const http = require('http');

const PORT = +(process.env.PORT || 18080);
const HOST = process.env.HOST || '127.0.0.1';
const DEF_CHUNKS = +(process.env.CHUNKS || 50);
const DEF_DELAY = +(process.env.DELAY_MS || 0);

const FAULTS = ['500', '429', 'html', 'cut', 'stall', 'bad'];
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'fake-c5-d0', 'fake-c50-d0', 'fake-c30-d1000', 'fake-c30-d10', 'dall-e-3',
  ...FAULTS.map(f => 'fake-c30-d10-f' + f)];

let openStreams = 0, maxOpenStreams = 0, requests = 0;

function params(req, url, body) {
  let chunks = DEF_CHUNKS, delay = DEF_DELAY, fault = '';
  const m = /^fake-c(\d+)-d(\d+)(?:-f(\w+))?$/.exec((body && body.model) || '');
  if (m) { chunks = +m[1]; delay = +m[2]; fault = m[3] || ''; }
  if (req.headers['x-fake-chunks']) chunks = +req.headers['x-fake-chunks'];
  if (req.headers['x-fake-delay-ms']) delay = +req.headers['x-fake-delay-ms'];
  if (url.searchParams.has('chunks')) chunks = +url.searchParams.get('chunks');
  if (url.searchParams.has('delay_ms')) delay = +url.searchParams.get('delay_ms');
  return { chunks, delay, fault };
}

function json(res, code, obj) {
  const s = JSON.stringify(obj);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

const server = http.createServer((req, res) => {
  requests++;
  const url = new URL(req.url, 'http://x');
  const path = url.pathname.replace(/\/+$/, '');
  if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
    return json(res, 200, { object: 'list', data: MODELS.map(id => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })) });
  }
  if (req.method === 'GET' && path === '/health') {
    return json(res, 200, { ok: true, requests, openStreams, maxOpenStreams });
  }
  if (req.method === 'POST' && path === '/_reset') {
    requests = 0; maxOpenStreams = openStreams;
    return json(res, 200, { ok: true });
  }
  if (req.method !== 'POST') return json(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
  const bufs = [];
  req.on('data', d => bufs.push(d));
  req.on('end', () => {
    let body = {};
    try { body = JSON.parse(Buffer.concat(bufs).toString() || '{}'); } catch (e) {
      return json(res, 400, { error: { message: 'bad json', type: 'invalid_request_error' } });
    }
    const model = body.model || 'gpt-4o-mini';
    const created = Math.floor(Date.now() / 1000);
    const id = 'chatcmpl-fake' + requests;
    if (path === '/v1/images/generations' || path === '/images/generations') {
      return json(res, 200, { created, data: [{ url: 'http://127.0.0.1/fake.png', revised_prompt: body.prompt || '' }] });
    }
    if (path !== '/v1/chat/completions' && path !== '/chat/completions') {
      return json(res, 404, { error: { message: 'not found: ' + path, type: 'invalid_request_error' } });
    }
    const { chunks, delay, fault } = params(req, url, body);
    if (fault === '500') return json(res, 500, { error: { message: 'the fake upstream failed', type: 'server_error' } });
    if (fault === '429') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      return res.end(JSON.stringify({ error: { message: 'rate limited', type: 'rate_limit_error' } }));
    }
    if (fault === 'html') {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (!body.stream) {
      return json(res, 200, {
        id, object: 'chat.completion', created, model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the fake upstream.' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17 },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    openStreams++; if (openStreams > maxOpenStreams) maxOpenStreams = openStreams;
    let i = 0, closed = false, timer = null;
    const done = () => { if (!closed) { closed = true; openStreams--; if (timer) clearTimeout(timer); } };
    res.on('close', done);
    const chunk = (delta, finish) => 'data: ' + JSON.stringify({
      id, object: 'chat.completion.chunk', created, model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    }) + '\n\n';
    const step = () => {
      if (closed) return;
      if (fault === 'cut' && i === chunks >> 1) { res.socket.destroy(); done(); return; }
      if (fault === 'stall' && i === 2) return; // silent until the client leaves ('close' ends it)
      if (fault === 'bad' && i === chunks >> 1) { res.write('data: {"id": "broken\n\n'); }
      if (i < chunks) {
        const delta = i === 0 ? { role: 'assistant', content: 'tok0 ' } : { content: 'tok' + i + ' ' };
        res.write(chunk(delta, null));
        i++;
        if (i === chunks) { res.write(chunk({}, 'stop')); res.end('data: [DONE]\n\n'); done(); return; }
        if (delay > 0) timer = setTimeout(step, delay); else step();
      } else { res.write(chunk({}, 'stop')); res.end('data: [DONE]\n\n'); done(); }
    };
    if (chunks <= 0) { res.end('data: [DONE]\n\n'); done(); return; }
    step();
  });
});
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.maxHeadersCount = 0;
server.listen(PORT, HOST, () => console.log(`fake upstream on http://${HOST}:${PORT} chunks=${DEF_CHUNKS} delay=${DEF_DELAY}ms`));
