// A local, wire-compatible Step Functions endpoint around aws-local-stepfunctions.
//
// Speaks the AWS JSON 1.0 protocol (POST /, X-Amz-Target: AWSStepFunctions.<Operation>) for the
// operations Vaultflow, the AWS CLI and the SDKs use: CreateStateMachine, UpdateStateMachine,
// DescribeStateMachine, ListStateMachines, DeleteStateMachine, StartExecution, DescribeExecution,
// ListExecutions, GetExecutionHistory, StopExecution. STANDARD name dedupe is enforced as AWS
// documents it: a name is used once per state machine; StartExecution with the same name and input
// while the first is running returns that execution; anything else is ExecutionAlreadyExists.
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
    const execution = { arn, name, stateMachineArn: m.arn, status: 'RUNNING', input: inputText, startDate, logs: [], done: null };
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
    const { arn, name, startDate } = execution;
    const context = {
      Execution: { Id: arn, Name: name, StartTime: new Date(startDate * 1000).toISOString(), Input: parsedInput, RoleArn: m.roleArn },
      StateMachine: { Id: m.arn, Name: m.name },
    };
    const run = m.compiled.run(parsedInput, { context, noThrowOnAbort: true, overrides: invoker ? { taskResourceLocalHandlers: m.taskHandlers } : undefined });
    execution.abort = run.abort;
    const collect = (async () => {
      for await (const log of run.eventLogs) execution.logs.push(log);
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

  DescribeExecution({ executionArn }) {
    const e = this.execution(executionArn);
    const out = { executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate, input: e.input };
    if (e.stopDate) out.stopDate = e.stopDate;
    if (e.output !== undefined) out.output = e.output;
    if (e.error !== undefined) { out.error = e.error; out.cause = e.cause; }
    return out;
  }

  ListExecutions({ stateMachineArn, statusFilter, maxResults = 100, nextToken }) {
    this.machine(stateMachineArn);
    const all = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn && (!statusFilter || e.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
    const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64').toString(), 10) : 0;
    const page = all.slice(start, start + Math.min(maxResults || 100, 1000));
    const result = {
      executions: page.map((e) => ({ executionArn: e.arn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate, ...(e.stopDate ? { stopDate: e.stopDate } : {}) })),
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
  'StartExecution', 'DescribeExecution', 'ListExecutions', 'GetExecutionHistory', 'StopExecution'];

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
