// A local, wire-compatible Step Functions endpoint around aws-local-stepfunctions.
//
// Speaks the AWS JSON 1.0 protocol (POST /, X-Amz-Target: AWSStepFunctions.<Operation>) for the
// operations Vaultflow, the AWS CLI and the SDKs use: CreateStateMachine, UpdateStateMachine,
// DescribeStateMachine, ListStateMachines, DeleteStateMachine, StartExecution, DescribeExecution,
// ListExecutions, GetExecutionHistory, StopExecution, RedriveExecution. STANDARD name dedupe is enforced
// as AWS documents it: a name is used once per state machine; StartExecution with the same name and input
// while the first is running returns that execution; anything else is ExecutionAlreadyExists.
// RedriveExecution (redrive.mjs) continues a FAILED, ABORTED or TIMED_OUT STANDARD execution from its
// unsuccessful state with the input that state received, under the same ARN, appending to its history.
//
// It is a local stand-in: it keeps executions in memory, does not verify SigV4 signatures, and its
// Task states call Lambda through AWS_ENDPOINT_URL_LAMBDA (Vaultflow's local Invoke endpoint) over one
// keep-alive agent (lambda-invoker.mjs), and a failed Invoke call is named as on AWS (Lambda.ServiceException,
// Lambda.SdkClientException, ...), so the ASL's Retry fields match. Each definition is validated once and its
// StateMachine reused; an execution starts after its StartExecution response is sent.
// Fault switch: POST /_vaultflow/sfn/faults {"throttleStartNext": n, "throttleStartRate": 0..1}.
//
// Usage: node sfn-server.mjs [--port N] [--host 127.0.0.1]
// Prints one line "sfn-server listening on http://127.0.0.1:PORT" when ready.

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StateMachine, ExecutionAbortedError } from 'aws-local-stepfunctions';
import { LambdaInvoker, lambdaErrorName } from './lambda-invoker.mjs';
import { redrivePlan, notRedrivableReason, REDRIVE_TOKEN_TTL_MS, REDRIVE_TOKENS_KEPT } from './redrive.mjs';

export { lambdaErrorName };

const MAX_INPUT_BYTES = 262144;
const NAME_PATTERN = /^[0-9A-Za-z_-]{1,80}$/;
const ACCOUNT = '000000000000';

export class ServiceError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

const nowSeconds = () => Date.now() / 1000;

// Maps aws-local-stepfunctions event logs to Step Functions history events.
function historyEvent(log, id, previousEventId, includeData) {
  const timestamp = log.timestamp / 1000;
  const base = { timestamp, id, previousEventId };
  const data = (v) => (includeData ? JSON.stringify(v ?? null) : undefined);
  switch (log.type) {
    case 'ExecutionStarted':
      return { ...base, type: 'ExecutionStarted', executionStartedEventDetails: { input: data(log.input) } };
    case 'ExecutionSucceeded':
      return { ...base, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: data(log.output) } };
    case 'ExecutionFailed':
      return { ...base, type: 'ExecutionFailed', executionFailedEventDetails: { error: log.Error, cause: String(log.Cause ?? '') } };
    case 'ExecutionAborted':
      return { ...base, type: 'ExecutionAborted', executionAbortedEventDetails: {} };
    case 'ExecutionTimeout':
      return { ...base, type: 'ExecutionTimedOut', executionTimedOutEventDetails: {} };
    case 'ExecutionRedriven':
      return { ...base, type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: log.redriveCount } };
    case 'StateEntered':
      return { ...base, type: `${log.state.type}StateEntered`, stateEnteredEventDetails: { name: log.state.name, input: data(log.state.input) } };
    case 'StateExited':
      return { ...base, type: `${log.state.type}StateExited`, stateExitedEventDetails: { name: log.state.name, output: data(log.state.output) } };
    case 'StateFailed':
      return { ...base, type: `${log.state.type === 'Task' ? 'Task' : log.state.type}StateFailed`, taskFailedEventDetails: { resourceType: 'lambda', resource: log.state.name, error: log.Error, cause: String(log.Cause ?? '') } };
    case 'StateRetried':
      return { ...base, type: 'TaskStateRetried', stateRetriedEventDetails: { name: log.state.name, attempt: log.retry.attempt } };
    case 'StateCaught':
      return { ...base, type: 'TaskStateCaught', stateCaughtEventDetails: { name: log.state.name } };
    default:
      return { ...base, type: log.type };
  }
}

export class StepFunctionsStore {
  constructor({ region = 'us-east-1', faults = {} } = {}) {
    this.region = region;
    this.machines = new Map(); // arn -> machine
    this.executions = new Map(); // arn -> execution
    this.faults = { throttleStartNext: 0, throttleStartRate: 0, ...faults };
    this.counters = {};
    this.invoker = undefined; // created on first use: AWS_ENDPOINT_URL_LAMBDA may be set after construction
  }

  lambdaInvoker() {
    if (this.invoker === undefined) this.invoker = LambdaInvoker.fromEnvironment();
    return this.invoker;
  }

  // One validated StateMachine per definition, reused by every execution: the library's constructor runs
  // asl-validator (about 70 ms of CPU on this server's single event loop), and run() keeps no state on it.
  compile(definition) {
    return new StateMachine(definition, { validationOptions: { noValidate: true } });
  }

  machineArn(name) { return `arn:aws:states:${this.region}:${ACCOUNT}:stateMachine:${name}`; }

  executionArn(machineName, name) { return `arn:aws:states:${this.region}:${ACCOUNT}:execution:${machineName}:${name}`; }

  machine(arn) {
    const m = this.machines.get(arn);
    if (!m) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  execution(arn) {
    const e = this.executions.get(arn);
    if (!e) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return e;
  }

  parseDefinition(definition) {
    let parsed;
    try {
      parsed = typeof definition === 'string' ? JSON.parse(definition) : definition;
      // Validates the definition once, the way the library would on every execution.
      new StateMachine(parsed, { validationOptions: { checkArn: false } });
    } catch (err) {
      throw new ServiceError('InvalidDefinition', `Invalid State Machine Definition: ${err.message}`);
    }
    return parsed;
  }

  CreateStateMachine({ name, definition, roleArn, type = 'STANDARD' }) {
    if (!name || !NAME_PATTERN.test(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}'`);
    if (!['STANDARD', 'EXPRESS'].includes(type)) throw new ServiceError('ValidationException', `type must be STANDARD or EXPRESS, not '${type}'`);
    const parsed = this.parseDefinition(definition);
    const arn = this.machineArn(name);
    const existing = this.machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.definition) === JSON.stringify(parsed) && existing.type === type) {
        return { stateMachineArn: arn, creationDate: existing.creationDate };
      }
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const m = { arn, name, definition: parsed, compiled: this.compile(parsed), roleArn: roleArn ?? `arn:aws:iam::${ACCOUNT}:role/local`, type, creationDate: nowSeconds() };
    this.machines.set(arn, m);
    return { stateMachineArn: arn, creationDate: m.creationDate };
  }

  UpdateStateMachine({ stateMachineArn, definition, roleArn }) {
    const m = this.machine(stateMachineArn);
    if (definition !== undefined) {
      m.definition = this.parseDefinition(definition);
      m.compiled = this.compile(m.definition);
      m.taskHandlers = undefined;
    }
    if (roleArn !== undefined) m.roleArn = roleArn;
    return { updateDate: nowSeconds() };
  }

  DescribeStateMachine({ stateMachineArn }) {
    const m = this.machine(stateMachineArn);
    return { stateMachineArn: m.arn, name: m.name, status: 'ACTIVE', definition: JSON.stringify(m.definition), roleArn: m.roleArn, type: m.type, creationDate: m.creationDate };
  }

  ListStateMachines() {
    return { stateMachines: [...this.machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })) };
  }

  DeleteStateMachine({ stateMachineArn }) {
    this.machine(stateMachineArn);
    this.machines.delete(stateMachineArn);
    return {};
  }

  StartExecution({ stateMachineArn, name, input }) {
    const m = this.machine(stateMachineArn);
    if (this.faults.throttleStartNext > 0 || (this.faults.throttleStartRate > 0 && Math.random() < this.faults.throttleStartRate)) {
      if (this.faults.throttleStartNext > 0) this.faults.throttleStartNext -= 1;
      this.counters.StartExecutionThrottled = (this.counters.StartExecutionThrottled ?? 0) + 1;
      throw new ServiceError('ThrottlingException', 'Rate exceeded (injected by the local fault switch)');
    }
    name = name ?? randomUUID();
    if (!NAME_PATTERN.test(name)) throw new ServiceError('InvalidName', `Invalid Name: '${name}' (1-80 characters of 0-9, A-Z, a-z, - and _)`);
    const inputText = input ?? '{}';
    if (Buffer.byteLength(inputText, 'utf8') > MAX_INPUT_BYTES) {
      throw new ServiceError('InvalidExecutionInput', `Invalid Execution Input: larger than ${MAX_INPUT_BYTES} bytes`);
    }
    let parsedInput;
    try { parsedInput = JSON.parse(inputText); } catch (err) {
      throw new ServiceError('InvalidExecutionInput', `Invalid Execution Input: ${err.message}`);
    }
    const arn = this.executionArn(m.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      if (m.type === 'STANDARD' && existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: arn, startDate: existing.startDate };
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const startDate = nowSeconds();
    // The definition is kept with the execution: a redrive runs the definition the execution started with.
    const execution = { arn, name, stateMachineArn: m.arn, type: m.type, definition: m.definition, status: 'RUNNING', input: inputText, startDate, logs: [], redriveCount: 0, done: null };
    this.executions.set(arn, execution);
    // The execution begins after this response is on its way, as on AWS, where StartExecution returns
    // before the first state runs: a burst of starts is answered first, then interpreted.
    execution.done = new Promise((resolve) => setImmediate(resolve))
      .then(() => (execution.status === 'RUNNING' ? this.runExecution(m, execution, parsedInput) : undefined))
      .finally(() => { execution.stopDate ??= nowSeconds(); });
    return { executionArn: arn, startDate };
  }

  runExecution(m, execution, parsedInput) {
    const invoker = this.lambdaInvoker();
    // Over the keep-alive invoker for the local http:// endpoint; without one, the library's own SDK client.
    if (invoker) m.taskHandlers ??= invoker.handlersFor(m.definition);
    return this.interpret(execution, m.compiled, parsedInput, invoker ? m.taskHandlers : undefined);
  }

  // Runs a compiled definition for an execution and appends its event logs (minus those `skip` rejects) to
  // the execution's history; the outcome becomes the execution's status, output or error and cause.
  interpret(execution, compiled, input, taskHandlers, skip = () => false) {
    const { arn, name, startDate } = execution;
    const m = this.machines.get(execution.stateMachineArn);
    const context = {
      Execution: { Id: arn, Name: name, StartTime: new Date(startDate * 1000).toISOString(), Input: input, RoleArn: m?.roleArn, RedriveCount: execution.redriveCount },
      StateMachine: { Id: execution.stateMachineArn, Name: m?.name ?? execution.stateMachineArn.split(':').at(-1) },
    };
    const run = compiled.run(input, { context, noThrowOnAbort: true, overrides: taskHandlers ? { taskResourceLocalHandlers: taskHandlers } : undefined });
    execution.abort = run.abort;
    const collect = (async () => {
      for await (const log of run.eventLogs) if (!skip(log)) execution.logs.push(log);
    })().catch(() => {});
    return run.result.then(
      (output) => {
        if (execution.status === 'RUNNING') {
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output ?? null);
        }
      },
      (err) => {
        if (err instanceof ExecutionAbortedError) { execution.status = 'ABORTED'; return; }
        const cause = err.cause ?? err;
        execution.status = err.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        execution.error = cause.name ?? 'States.Runtime';
        execution.cause = typeof cause.cause === 'object' && cause.cause ? JSON.stringify(cause.cause) : String(cause.message ?? '');
      },
    ).then(() => collect);
  }

  RedriveExecution({ executionArn, clientToken }) {
    if (typeof executionArn !== 'string' || !executionArn.startsWith('arn:')) throw new ServiceError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    if (clientToken !== undefined && (typeof clientToken !== 'string' || !/^[!-~]{1,64}$/.test(clientToken))) {
      throw new ServiceError('ValidationException', 'clientToken must be 1-64 printable ASCII characters without spaces');
    }
    const e = this.execution(executionArn);
    const now = Date.now();
    e.redriveTokens = (e.redriveTokens ?? []).filter((t) => now - t.at < REDRIVE_TOKEN_TTL_MS);
    // As on AWS: a repeated clientToken of one of the last 10 successful redrives (15 minutes) answers the same, redrives nothing.
    const repeated = clientToken === undefined ? undefined : e.redriveTokens.find((t) => t.token === clientToken);
    if (repeated) return { redriveDate: repeated.redriveDate };
    const reason = notRedrivableReason(e, this.machines.get(e.stateMachineArn), now);
    if (reason) throw new ServiceError('ExecutionNotRedrivable', reason);

    const redriveDate = now / 1000;
    e.redriveCount += 1;
    e.redriveDate = redriveDate;
    if (clientToken !== undefined) e.redriveTokens = [...e.redriveTokens, { token: clientToken, at: now, redriveDate }].slice(-REDRIVE_TOKENS_KEPT);
    e.status = 'RUNNING';
    delete e.stopDate; delete e.output; delete e.error; delete e.cause;
    const previous = e.done ?? Promise.resolve();
    e.done = previous
      .then(() => {
        delete e.stopDate; // the first run's completion may have stamped it after the status changed
        e.logs.push({ type: 'ExecutionRedriven', timestamp: now, redriveCount: e.redriveCount });
        if (e.status !== 'RUNNING') return undefined; // stopped before it began
        const plan = redrivePlan(e);
        const invoker = this.lambdaInvoker();
        const compiled = this.compile(plan.definition);
        return this.interpret(e, compiled, plan.input, invoker?.handlersFor(plan.definition), plan.skip);
      })
      .finally(() => { e.stopDate ??= nowSeconds(); });
    return { redriveDate };
  }

  DescribeExecution({ executionArn }) {
    const e = this.execution(executionArn);
    const out = { executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate, input: e.input };
    if (e.stopDate) out.stopDate = e.stopDate;
    if (e.output !== undefined) out.output = e.output;
    if (e.error !== undefined) { out.error = e.error; out.cause = e.cause; }
    out.redriveCount = e.redriveCount ?? 0;
    if (e.redriveDate !== undefined) out.redriveDate = e.redriveDate;
    const reason = notRedrivableReason(e, this.machines.get(e.stateMachineArn), Date.now());
    out.redriveStatus = reason ? 'NOT_REDRIVABLE' : 'REDRIVABLE';
    if (reason) out.redriveStatusReason = reason;
    return out;
  }

  ListExecutions({ stateMachineArn, statusFilter, maxResults = 100, nextToken, redriveFilter }) {
    this.machine(stateMachineArn);
    if (redriveFilter !== undefined && !['REDRIVEN', 'NOT_REDRIVEN'].includes(redriveFilter)) {
      throw new ServiceError('ValidationException', `redriveFilter must be REDRIVEN or NOT_REDRIVEN, not '${redriveFilter}'`);
    }
    const all = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (!statusFilter || e.status === statusFilter))
      .filter((e) => !redriveFilter || (redriveFilter === 'REDRIVEN') === (e.redriveCount > 0))
      .sort((a, b) => b.startDate - a.startDate);
    const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64').toString(), 10) : 0;
    const page = all.slice(start, start + Math.min(maxResults || 100, 1000));
    const result = {
      executions: page.map((e) => ({ executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate, ...(e.stopDate ? { stopDate: e.stopDate } : {}), redriveCount: e.redriveCount ?? 0, ...(e.redriveDate !== undefined ? { redriveDate: e.redriveDate } : {}) })),
    };
    if (start + page.length < all.length) result.nextToken = Buffer.from(String(start + page.length)).toString('base64');
    return result;
  }

  GetExecutionHistory({ executionArn, maxResults = 100, nextToken, reverseOrder = false, includeExecutionData = true }) {
    const e = this.execution(executionArn);
    let events = e.logs.map((log, i) => historyEvent(log, i + 1, i === 0 ? 0 : i, includeExecutionData));
    if (reverseOrder) events = events.reverse();
    const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64').toString(), 10) : 0;
    const page = events.slice(start, start + Math.min(maxResults || 100, 1000));
    const result = { events: page };
    if (start + page.length < events.length) result.nextToken = Buffer.from(String(start + page.length)).toString('base64');
    return result;
  }

  StopExecution({ executionArn, error, cause }) {
    const e = this.execution(executionArn);
    if (e.status === 'RUNNING') {
      e.status = 'ABORTED';
      e.error = error; e.cause = cause;
      e.abort?.();
    }
    return { stopDate: nowSeconds() };
  }
}

const OPERATIONS = ['CreateStateMachine', 'UpdateStateMachine', 'DescribeStateMachine', 'ListStateMachines', 'DeleteStateMachine',
  'StartExecution', 'DescribeExecution', 'ListExecutions', 'GetExecutionHistory', 'StopExecution', 'RedriveExecution'];

function send(res, status, body, errorType) {
  const text = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() };
  if (errorType) headers['X-Amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

export function createServer(store) {
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (req.url?.startsWith('/_vaultflow/sfn/faults')) {
          if (req.method === 'POST') Object.assign(store.faults, JSON.parse(raw || '{}'));
          return send(res, 200, { faults: store.faults, counters: store.counters });
        }
        if (req.method !== 'POST' || (req.url !== '/' && req.url !== '')) {
          return send(res, 404, { __type: 'UnknownOperationException', message: `No route for ${req.method} ${req.url}` }, 'UnknownOperationException');
        }
        const target = req.headers['x-amz-target'] ?? '';
        const [prefix, op] = String(target).split('.');
        if (prefix !== 'AWSStepFunctions' || !OPERATIONS.includes(op)) {
          return send(res, 400, { __type: 'UnknownOperationException', message: `Unsupported operation '${target}'. Supported: ${OPERATIONS.join(', ')}` }, 'UnknownOperationException');
        }
        let body;
        try { body = raw ? JSON.parse(raw) : {}; } catch {
          return send(res, 400, { __type: 'SerializationException', message: 'Request body is not valid JSON' }, 'SerializationException');
        }
        store.counters[op] = (store.counters[op] ?? 0) + 1;
        return send(res, 200, store[op](body));
      } catch (err) {
        if (err instanceof ServiceError) return send(res, err.status, { __type: err.type, message: err.message }, err.type);
        return send(res, 500, { __type: 'InternalFailure', message: String(err?.message ?? err) }, 'InternalFailure');
      }
    });
  });
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const host = arg('host', '127.0.0.1');
  const port = Number.parseInt(arg('port', process.env.VAULTFLOW_SFN_PORT ?? '0'), 10);
  const store = new StepFunctionsStore({ region: process.env.AWS_REGION ?? 'us-east-1' });
  const server = createServer(store);
  server.listen(port, host, () => {
    const address = server.address();
    console.log(`sfn-server listening on http://${address.address}:${address.port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
