// Tests the local Step Functions server over HTTP, with Task states invoking a real (local) HTTP
// Lambda Invoke endpoint through the AWS SDK that aws-local-stepfunctions uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { listen, sfnCall, waitForEnd } from './sfn-harness.mjs';
import { createServer, StepFunctionsStore, lambdaErrorName } from '../sfn-server.mjs';

let sfnUrl;
let sfnServer;
let lambdaServer;
const invocations = [];
let failNext = 0;
let lambdaConnections = 0;
let crashNext = 0;

before(async () => {
  lambdaServer = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const name = decodeURIComponent(req.url.split('/')[3]);
      const payload = JSON.parse(Buffer.concat(chunks).toString() || 'null');
      invocations.push({ name, payload });
      if (name.endsWith('Crash') && crashNext > 0) {
        // A sandbox that dies mid-invocation: no answer, the connection is reset.
        crashNext -= 1;
        return req.socket.destroy();
      }
      if (name.endsWith('Boom') || failNext > 0) {
        if (failNext > 0) failNext -= 1;
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
        return res.end(JSON.stringify({ errorType: 'Vaultflow.Transient', errorMessage: 'try again', stackTrace: [] }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ seen: payload, by: name }));
    });
  });
  lambdaServer.on('connection', () => { lambdaConnections += 1; });
  const lambdaUrl = await listen(lambdaServer);
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaUrl;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  sfnServer = createServer(new StepFunctionsStore({ region: 'us-east-1' }));
  sfnUrl = await listen(sfnServer);
});

after(() => { sfnServer.close(); lambdaServer.close(); });

const call = (op, body) => sfnCall(sfnUrl, op, body);
const waitDone = (executionArn) => waitForEnd(sfnUrl, executionArn);

const taskDefinition = (resource, extra = {}) => JSON.stringify({
  StartAt: 'Step',
  States: {
    Step: { Type: 'Task', Resource: resource, ResultPath: '$.result', Next: 'Name', ...extra },
    Name: { Type: 'Pass', Parameters: { 'name.$': '$$.Execution.Name', 'result.$': '$.result' }, End: true },
  },
});

test('CreateStateMachine_SameDefinitionTwice_IsIdempotent', async () => {
  const a = await call('CreateStateMachine', { name: 'Idem', definition: taskDefinition('Fn'), roleArn: 'arn:aws:iam::000000000000:role/x' });
  const b = await call('CreateStateMachine', { name: 'Idem', definition: taskDefinition('Fn'), roleArn: 'arn:aws:iam::000000000000:role/x' });
  assert.equal(a.status, 200);
  assert.equal(b.body.stateMachineArn, a.body.stateMachineArn);
  const c = await call('CreateStateMachine', { name: 'Idem', definition: taskDefinition('Other') });
  assert.equal(c.errorType, 'StateMachineAlreadyExists');
});

test('CreateStateMachine_InvalidDefinition_ReturnsInvalidDefinition', async () => {
  const r = await call('CreateStateMachine', { name: 'Bad', definition: '{"StartAt":"Nope","States":{}}' });
  assert.equal(r.status, 400);
  assert.equal(r.body.__type, 'InvalidDefinition');
});

test('StartExecution_TaskInvokesLambdaEndpoint_SucceedsWithContextName', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Run', definition: taskDefinition('arn:aws:lambda:us-east-1:000000000000:function:Echo') });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'exec-1', input: '{"x":1}' });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  const output = JSON.parse(done.output);
  assert.equal(output.name, 'exec-1');
  assert.deepEqual(output.result.seen, { x: 1 });
  assert.ok(invocations.some((i) => i.name.endsWith(':Echo')));
});

test('StartExecution_SameNameAfterCompletion_ReturnsExecutionAlreadyExists', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Dedupe', definition: taskDefinition('Echo') });
  const first = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'same', input: '{}' });
  await waitDone(first.body.executionArn);
  const second = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'same', input: '{}' });
  assert.equal(second.status, 400);
  assert.equal(second.errorType, 'ExecutionAlreadyExists');
});

test('StartExecution_SameNameAndInputWhileRunning_ReturnsSameExecution', async () => {
  const def = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, End: true } } });
  const { body: sm } = await call('CreateStateMachine', { name: 'Running', definition: def });
  const a = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'r1', input: '{"a":1}' });
  const b = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'r1', input: '{"a":1}' });
  assert.equal(b.status, 200);
  assert.equal(b.body.executionArn, a.body.executionArn);
  const c = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'r1', input: '{"a":2}' });
  assert.equal(c.errorType, 'ExecutionAlreadyExists');
  await call('StopExecution', { executionArn: a.body.executionArn });
  assert.equal((await waitDone(a.body.executionArn)).status, 'ABORTED');
});

test('StartExecution_InvalidNameOrInput_ReturnsValidationErrors', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Valid', definition: taskDefinition('Echo') });
  assert.equal((await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'has space' })).errorType, 'InvalidName');
  assert.equal((await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'x'.repeat(81) })).errorType, 'InvalidName');
  assert.equal((await call('StartExecution', { stateMachineArn: sm.stateMachineArn, input: '{not json' })).errorType, 'InvalidExecutionInput');
  assert.equal((await call('StartExecution', { stateMachineArn: sm.stateMachineArn, input: JSON.stringify({ a: 'x'.repeat(262144) }) })).errorType, 'InvalidExecutionInput');
  assert.equal((await call('StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Missing' })).errorType, 'StateMachineDoesNotExist');
});

test('StartExecution_TaskFailsThenRetries_SucceedsAndHistoryShowsRetry', async () => {
  const def = taskDefinition('Echo', { Retry: [{ ErrorEquals: ['Vaultflow.Transient'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }] });
  const { body: sm } = await call('CreateStateMachine', { name: 'Retry', definition: def });
  failNext = 2;
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'retry-1', input: '{}' });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  const { body: history } = await call('GetExecutionHistory', { executionArn: started.executionArn });
  const types = history.events.map((e) => e.type);
  assert.equal(types[0], 'ExecutionStarted');
  assert.equal(types.at(-1), 'ExecutionSucceeded');
  assert.equal(types.filter((t) => t === 'TaskStateRetried').length, 2);
});

test('StartExecution_TaskErrorCaught_FailStateReportsErrorAndCause', async () => {
  const def = JSON.stringify({
    StartAt: 'Step',
    States: {
      Step: { Type: 'Task', Resource: 'AlwaysBoom', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }], Next: 'Done' },
      Done: { Type: 'Succeed' },
      Failed: { Type: 'Fail', Error: 'Vaultflow.Failed', Cause: 'routed' },
    },
  });
  const { body: sm } = await call('CreateStateMachine', { name: 'Caught', definition: def });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'boom', input: '{}' });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'FAILED');
  assert.equal(done.error, 'Vaultflow.Failed');
});

test('StartExecution_LambdaConnectionReset_RetriedAsLambdaSdkClientException', async () => {
  const def = taskDefinition('Crash', { Retry: [{ ErrorEquals: ['Lambda.SdkClientException'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }] });
  const { body: sm } = await call('CreateStateMachine', { name: 'Crashy', definition: def });
  crashNext = 1;
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'crash-1', input: '{}' });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  const { body: history } = await call('GetExecutionHistory', { executionArn: started.executionArn });
  const failed = history.events.filter((e) => e.type === 'TaskStateFailed');
  assert.equal(failed.length, 1);
  assert.equal(failed[0].taskFailedEventDetails.error, 'Lambda.SdkClientException');
  assert.equal(history.events.filter((e) => e.type === 'TaskStateRetried').length, 1);
});

test('UpdateStateMachine_NewDefinition_UsedByTheNextExecution', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Updated', definition: taskDefinition('First') });
  const a = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'u1', input: '{}' });
  assert.equal(JSON.parse((await waitDone(a.body.executionArn)).output).result.by, 'First');
  await call('UpdateStateMachine', { stateMachineArn: sm.stateMachineArn, definition: taskDefinition('Second') });
  const b = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'u2', input: '{}' });
  assert.equal(JSON.parse((await waitDone(b.body.executionArn)).output).result.by, 'Second');
});

test('LambdaErrorName_InvokeFailures_NamedAsStepFunctionsNamesThem', () => {
  assert.equal(lambdaErrorName({ name: 'Error', $metadata: {} }), 'Lambda.SdkClientException');
  assert.equal(lambdaErrorName({ name: 'ServiceException', $metadata: { httpStatusCode: 500 } }), 'Lambda.ServiceException');
  assert.equal(lambdaErrorName({ name: 'UnknownError', $metadata: { httpStatusCode: 502 } }), 'Lambda.ServiceException');
  assert.equal(lambdaErrorName({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }), 'Lambda.TooManyRequestsException');
  assert.equal(lambdaErrorName({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }), 'Lambda.ResourceNotFoundException');
});

test('Faults_ThrottleStartRateOne_ThrottlesEveryStart', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'ThrottleRate', definition: taskDefinition('Echo') });
  await fetch(`${sfnUrl}/_vaultflow/sfn/faults`, { method: 'POST', body: JSON.stringify({ throttleStartRate: 1 }) });
  const first = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'tr1' });
  await fetch(`${sfnUrl}/_vaultflow/sfn/faults`, { method: 'POST', body: JSON.stringify({ throttleStartRate: 0 }) });
  const second = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'tr1' });
  assert.equal(first.errorType, 'ThrottlingException');
  assert.equal(second.status, 200);
});

test('ListExecutions_StatusFilterAndPaging_ReturnsMatchingPages', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'List', definition: taskDefinition('Echo') });
  for (let i = 0; i < 3; i += 1) {
    const { body } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: `l${i}`, input: '{}' });
    await waitDone(body.executionArn);
  }
  const page1 = await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 2 });
  assert.equal(page1.body.executions.length, 2);
  assert.ok(page1.body.nextToken);
  const page2 = await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 2, nextToken: page1.body.nextToken });
  assert.equal(page2.body.executions.length, 1);
  const failed = await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, statusFilter: 'FAILED' });
  assert.equal(failed.body.executions.length, 0);
});

test('Faults_ThrottleStartNext_ThrottlesExactlyThatMany', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Throttle', definition: taskDefinition('Echo') });
  await fetch(`${sfnUrl}/_vaultflow/sfn/faults`, { method: 'POST', body: JSON.stringify({ throttleStartNext: 1 }) });
  const first = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 't1' });
  const second = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 't1' });
  assert.equal(first.errorType, 'ThrottlingException');
  assert.equal(second.status, 200);
});

test('UnknownOperation_ReturnsUnknownOperationException', async () => {
  const r = await call('SendTaskSuccess', {});
  assert.equal(r.errorType, 'UnknownOperationException');
});

test('StartExecution_SequentialTaskExecutions_ReuseOneLambdaConnection', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'KeepAlive', definition: taskDefinition('Fn') });
  const before = lambdaConnections;
  for (let i = 0; i < 5; i += 1) {
    const { body } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: `keepalive-${i}`, input: '{"i":1}' });
    const done = await waitDone(body.executionArn);
    assert.equal(done.status, 'SUCCEEDED');
  }
  // One pooled keep-alive connection serves every Task invoke (the library alone opens one per invoke).
  assert.ok(lambdaConnections - before <= 1, `opened ${lambdaConnections - before} connections for 5 invokes`);
});

test('StartExecution_BurstOf20_EachRunsWithItsOwnInput', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'Burst', definition: taskDefinition('Fn') });
  const started = await Promise.all([...Array(20).keys()].map((i) =>
    call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: `burst-${i}`, input: `{"i":${i}}` })));
  assert.ok(started.every((r) => r.status === 200));
  const done = await Promise.all(started.map((r) => waitDone(r.body.executionArn)));
  assert.deepEqual(done.map((d) => d.status), Array(20).fill('SUCCEEDED'));
  assert.deepEqual(done.map((d) => JSON.parse(d.output).result.seen.i), [...Array(20).keys()]);
});
