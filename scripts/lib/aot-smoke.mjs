// Runs a published handlers bootstrap (Native AOT) against a minimal Lambda Runtime API on 127.0.0.1
// and checks what it posts back, with no database and no AWS endpoint:
//   1. GetRecord without VAULTFLOW_DB: POST /runtime/init/error naming the variable, then a non-zero exit;
//   2. GetRecord with its settings (the database is never contacted): {"id":"not-a-uuid"} and {} are
//      function errors (Vaultflow.InvalidMessage, "<reason-code>: ..."), the loop survives both;
//   3. Starter with an empty SQS batch: POST .../response {"batchItemFailures":[]}.
// Usage: node aot-smoke.mjs PATH/TO/BOOTSTRAP. Exit 0 when every run behaves; each run is bounded.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

const bootstrap = process.argv[2];
if (!bootstrap) {
  console.error('usage: aot-smoke.mjs PATH/TO/BOOTSTRAP');
  process.exit(64);
}

const runDeadlineMs = 30_000;
// Two distinct 256-bit test keys (base64); nothing is encrypted with them.
const rawKey = Buffer.alloc(32, 7).toString('base64');
const blindIndexKey = Buffer.alloc(32, 9).toString('base64');
// Port 1 on loopback: a valid connection string that no run may need (GetRecord fails validation first).
const unusedDatabase = 'Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1';

/** A Runtime API (2018-06-01) for one process: queued events, and a promise per expected post. */
async function startRuntimeApi(events) {
  const queue = [...events];
  const waiters = new Map();
  const posts = [];
  const waitFor = (key) => {
    if (!waiters.has(key)) {
      let resolve;
      const promise = new Promise((r) => { resolve = r; });
      waiters.set(key, { promise, resolve });
    }
    return waiters.get(key);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const path = req.url ?? '';
      if (req.method === 'GET' && path === '/2018-06-01/runtime/invocation/next') {
        const next = queue.shift();
        if (!next) return; // held open, as Lambda does while no event is waiting
        res.writeHead(200, {
          'content-type': 'application/json',
          'lambda-runtime-aws-request-id': next.id,
          'lambda-runtime-deadline-ms': String(Date.now() + 30_000),
          'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:000000000000:function:smoke',
        });
        res.end(next.payload);
        return;
      }
      const match = /^\/2018-06-01\/runtime\/(init\/error|invocation\/([^/]+)\/(response|error))$/.exec(path);
      if (req.method === 'POST' && match) {
        const key = match[1] === 'init/error' ? 'init' : `${match[2]}/${match[3]}`;
        const post = { key, body, errorTypeHeader: req.headers['lambda-runtime-function-error-type'] ?? '' };
        posts.push(post);
        waitFor(key).resolve(post);
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"status":"OK"}');
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    hostAndPort: `127.0.0.1:${server.address().port}`,
    posts,
    waitFor: (key) => waitFor(key).promise,
    close: () => { server.closeAllConnections(); server.close(); },
  };
}

function startBootstrap(runtimeApi, variables) {
  // A clean environment: nothing from the caller's AWS_* or VAULTFLOW_* may leak into the run.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: 'smoke',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_REGION: 'us-east-1',
    ...variables,
  };
  const child = spawn(bootstrap, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${runDeadlineMs} ms waiting for ${what}`)), runDeadlineMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function run(name, { handler, variables, events }, check) {
  const api = await startRuntimeApi(events);
  const proc = startBootstrap(api.hostAndPort, { _HANDLER: handler, ...variables });
  try {
    await check(api, proc);
    console.log(`aot-smoke: ${name}: ok`);
    return true;
  } catch (error) {
    console.error(`aot-smoke: ${name}: FAILED: ${error.message}`);
    console.error(`  posts: ${JSON.stringify(api.posts)}`);
    console.error(`  bootstrap output:\n${proc.output().trimEnd().replace(/^/gm, '    ')}`);
    return false;
  } finally {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    api.close();
  }
}

const getRecordSettings = {
  VAULTFLOW_DB: unusedDatabase,
  VAULTFLOW_RAW_KEY: rawKey,
  VAULTFLOW_BLIND_INDEX_KEY: blindIndexKey,
};

const results = [];

results.push(await run('GetRecord without VAULTFLOW_DB -> init error, non-zero exit', {
  handler: 'GetRecord',
  variables: { VAULTFLOW_RAW_KEY: rawKey, VAULTFLOW_BLIND_INDEX_KEY: blindIndexKey },
  events: [],
}, async (api, proc) => {
  const post = await within(api.waitFor('init'), 'POST /runtime/init/error');
  const error = JSON.parse(post.body);
  expect(error.errorType === 'Runtime.InitError', `errorType ${error.errorType}, expected Runtime.InitError`);
  expect(post.errorTypeHeader === 'Runtime.InitError', `Lambda-Runtime-Function-Error-Type '${post.errorTypeHeader}'`);
  expect(/\bVAULTFLOW_DB\b/.test(error.errorMessage), `errorMessage does not name VAULTFLOW_DB: ${error.errorMessage}`);
  expect(/GetRecord/.test(error.errorMessage), `errorMessage does not name the function: ${error.errorMessage}`);
  const exit = await within(proc.exited, 'the process to exit');
  expect(exit.code !== null && exit.code !== 0, `exit ${JSON.stringify(exit)}, expected a non-zero exit code`);
  expect(!api.posts.some((p) => p.key !== 'init'), 'posted something besides the init error');
}));

const badId = randomUUID();
const empty = randomUUID();
results.push(await run('GetRecord invalid requests -> function errors (Vaultflow.InvalidMessage)', {
  handler: 'GetRecord',
  variables: getRecordSettings,
  events: [{ id: badId, payload: '{"id":"not-a-uuid"}' }, { id: empty, payload: '{}' }],
}, async (api) => {
  for (const [id, reason] of [[badId, 'invalid-field'], [empty, 'missing-field']]) {
    const post = await within(api.waitFor(`${id}/error`), `POST /invocation/${id}/error`);
    const error = JSON.parse(post.body);
    expect(error.errorType === 'Vaultflow.InvalidMessage', `${reason}: errorType ${error.errorType}`);
    expect(post.errorTypeHeader === 'Vaultflow.InvalidMessage', `${reason}: header '${post.errorTypeHeader}'`);
    expect(error.errorMessage.startsWith(`${reason}: GetRecord`), `errorMessage '${error.errorMessage}', expected '${reason}: GetRecord...'`);
  }
  expect(!api.posts.some((p) => p.key === 'init' || p.key.endsWith('/response')), 'unexpected init error or response');
}));

const batch = randomUUID();
results.push(await run('Starter empty SQS batch -> response', {
  handler: 'Starter',
  variables: {
    VAULTFLOW_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:smoke',
    VAULTFLOW_DLQ_URL: 'http://127.0.0.1:1/000000000000/smoke-dlq',
    AWS_ACCESS_KEY_ID: 'smoke',
    AWS_SECRET_ACCESS_KEY: 'smoke',
  },
  events: [{ id: batch, payload: '{"Records":[]}' }],
}, async (api) => {
  const post = await within(api.waitFor(`${batch}/response`), `POST /invocation/${batch}/response`);
  expect(JSON.stringify(JSON.parse(post.body)) === '{"batchItemFailures":[]}', `response ${post.body}`);
}));

process.exit(results.every(Boolean) ? 0 : 1);
