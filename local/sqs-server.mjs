// Local SQS: fauxqs, bound to 127.0.0.1 only, plus the SQS query protocol for older clients.
//
// fauxqs's own startFauxqs() always listens on 0.0.0.0, so Vaultflow builds the app through
// fauxqs's public buildApp() and serves it from its own loopback listener. Queue URLs take the
// request's Host (http://127.0.0.1:PORT/000000000000/<queue>), which every client here resolves.
// Form-encoded SQS query requests (Debian's awscli 2.9) are translated to JSON and back.
//
// Usage: node sqs-server.mjs [--port N] [--region us-east-1]
// Prints one line "sqs-server listening on http://127.0.0.1:PORT" when ready.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { buildApp } from 'fauxqs';
import { QUERY_ACTIONS, toJsonRequest, toXmlResponse } from './sqs-query.mjs';

// SQS accepts #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF in a body. fauxqs tests UTF-16
// code units, so it refuses every astral character (an emoji) that real SQS carries: a valid message holding
// one could not be parked in the DLQ here (found by the chaos run's corpus bodies). Its check is one shared
// RegExp, used by SendMessage and SendMessageBatch; give it SQS's rule (code points, so a lone surrogate
// is still refused).
const sqsTypes = await import(new URL('./sqs/sqsTypes.js', import.meta.resolve('fauxqs')));
const sqsInvalidBodyChar = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
sqsTypes.INVALID_MESSAGE_BODY_CHAR.test = (text) => sqsInvalidBodyChar.test(text);

export async function startSqsServer({ port = 0, region = 'us-east-1' } = {}) {
  const app = buildApp({ logger: false, defaultRegion: region });
  await app.ready();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = Buffer.concat(chunks);
        const type = String(req.headers['content-type'] ?? '');
        if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
          const params = new Map(new URLSearchParams(body.toString('utf8')));
          const action = params.get('Action');
          if (QUERY_ACTIONS.has(action) && !params.has('TopicArn')) {
            const json = toJsonRequest(action, params);
            const headers = { ...req.headers, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` };
            delete headers['content-length'];
            const injected = await app.inject({
              method: 'POST',
              url: '/',
              headers,
              payload: JSON.stringify(json),
            });
            const parsed = injected.body ? JSON.parse(injected.body) : {};
            const requestId = randomUUID();
            const xml = toXmlResponse(action, injected.statusCode, parsed, requestId);
            res.writeHead(injected.statusCode, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(xml) });
            return res.end(xml);
          }
        }
        const injected = await app.inject({ method: req.method, url: req.url, headers: req.headers, payload: body });
        const headers = { ...injected.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        res.writeHead(injected.statusCode, headers);
        res.end(injected.rawPayload);
      } catch (err) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ __type: 'InternalFailure', message: String(err?.message ?? err) }));
      }
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => app.close().then(resolve))),
  };
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sqs = await startSqsServer({
    port: Number.parseInt(arg('port', process.env.VAULTFLOW_SQS_PORT ?? '0'), 10),
    region: arg('region', process.env.AWS_REGION ?? 'us-east-1'),
  });
  console.log(`sqs-server listening on ${sqs.url}`);
  const stop = () => sqs.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
