// Local SQS: fauxqs, bound to 127.0.0.1 only.
//
// fauxqs's own startFauxqs() always listens on 0.0.0.0, so Vaultflow builds the app through
// fauxqs's public buildApp() and listens on loopback itself. Queue URLs take the request's Host
// (http://127.0.0.1:PORT/000000000000/<queue>), which every client here can resolve.
//
// Usage: node sqs-server.mjs [--port N] [--region us-east-1]
// Prints one line "sqs-server listening on http://127.0.0.1:PORT" when ready.
import { buildApp } from 'fauxqs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const port = Number.parseInt(arg('port', process.env.VAULTFLOW_SQS_PORT ?? '0'), 10);
const region = arg('region', process.env.AWS_REGION ?? 'us-east-1');
const app = buildApp({ logger: false, defaultRegion: region });
await app.listen({ port, host: '127.0.0.1' });
console.log(`sqs-server listening on http://127.0.0.1:${app.server.address().port}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
