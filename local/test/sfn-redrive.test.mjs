// RedriveExecution on the local Step Functions server, over HTTP, with Task states invoking a real (local)
// HTTP Lambda Invoke endpoint whose functions the tests steer (fail, hold, succeed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { listen, sfnCall, waitForEnd } from './sfn-harness.mjs';
import { createServer, StepFunctionsStore } from '../sfn-server.mjs';
import { unsuccessfulState } from '../redrive.mjs';

let sfnUrl;
let sfnServer;
let lambdaServer;
const invocations = [];
const failing = new Set(); // function names that answer with a function error
const held = new Map(); // function name -> promise the answer waits for

before(async () => {
  lambdaServer = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const name = decodeURIComponent(req.url.split('/')[3]);
      const payload = JSON.parse(Buffer.concat(chunks).toString() || 'null');
      invocations.push({ name, payload });
      await held.get(name);
      if (failing.has(name)) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
        return res.end(JSON.stringify({ errorType: 'Vaultflow.DeadLetterRefused', errorMessage: 'the DLQ refused the message', stackTrace: [] }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ by: name, seen: payload }));
    });
  });
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

async function history(executionArn) {
  return (await call('GetExecutionHistory', { executionArn })).body.events;
}

const countOf = (name) => invocations.filter((i) => i.name === name).length;

// First (succeeds) -> Second (fails while its name is in `failing`, no Catch) -> Report (echoes the context).
function twoSteps(first, second) {
  return JSON.stringify({
    StartAt: 'First',
    States: {
      First: { Type: 'Task', Resource: first, ResultPath: '$.first', Next: 'Second' },
      Second: { Type: 'Task', Resource: second, ResultPath: '$.second', Next: 'Report' },
      Report: { Type: 'Pass', Parameters: { 'original.$': '$$.Execution.Input', 'state.$': '$', 'redrives.$': '$$.Execution.RedriveCount' }, End: true },
    },
  });
}

async function failedExecution(machine, definition, name, input = '{"n":1}') {
  const { body: sm } = await call('CreateStateMachine', { name: machine, definition });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name, input });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'FAILED');
  return { sm, arn: started.executionArn, done };
}

test('RedriveExecution_TaskFailed_ContinuesFromThatStateWithItsInputUnderTheSameArn', async () => {
  failing.add('SecondA');
  const { arn, done: failed } = await failedExecution('RedriveA', twoSteps('FirstA', 'SecondA'), 'a-1');
  assert.equal(failed.error, 'Vaultflow.DeadLetterRefused');
  assert.equal(failed.redriveCount, 0);
  assert.equal(failed.redriveStatus, 'REDRIVABLE');
  assert.equal(failed.redriveStatusReason, undefined);
  const failedInput = invocations.findLast((i) => i.name === 'SecondA').payload;

  // The fix, then a redrive held inside the re-run state: the execution is RUNNING again meanwhile.
  failing.delete('SecondA');
  let release;
  held.set('SecondA', new Promise((r) => { release = r; }));
  const redriven = await call('RedriveExecution', { executionArn: arn });
  assert.equal(redriven.status, 200);
  assert.equal(typeof redriven.body.redriveDate, 'number');
  const running = (await call('DescribeExecution', { executionArn: arn })).body;
  assert.equal(running.status, 'RUNNING');
  assert.equal(running.stopDate, undefined);
  assert.equal(running.redriveStatus, 'NOT_REDRIVABLE');
  assert.equal(running.redriveStatusReason, 'Execution is RUNNING and cannot be redriven.');
  const again = await call('RedriveExecution', { executionArn: arn });
  assert.equal(again.status, 400);
  assert.equal(again.errorType, 'ExecutionNotRedrivable');
  assert.equal(again.body.message, 'Execution is RUNNING and cannot be redriven.');
  release();
  held.delete('SecondA');

  const done = await waitDone(arn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.equal(done.executionArn, arn);
  assert.equal(done.error, undefined);
  assert.equal(done.redriveCount, 1);
  assert.equal(done.redriveDate, redriven.body.redriveDate);
  assert.equal(done.redriveStatus, 'NOT_REDRIVABLE');
  assert.equal(done.redriveStatusReason, 'Execution is SUCCEEDED and cannot be redriven.');
  // First ran once; Second ran again with exactly the input it had received; the context input is the original.
  assert.equal(countOf('FirstA'), 1);
  assert.equal(countOf('SecondA'), 2);
  assert.deepEqual(invocations.findLast((i) => i.name === 'SecondA').payload, failedInput);
  const output = JSON.parse(done.output);
  assert.deepEqual(output.original, { n: 1 });
  assert.equal(output.state.first.by, 'FirstA');
  assert.equal(output.state.second.by, 'SecondA');
  assert.equal(output.redrives, 1);

  const events = await history(arn);
  const types = events.map((e) => e.type);
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1));
  assert.equal(types.filter((t) => t === 'ExecutionStarted').length, 1);
  const failedAt = types.indexOf('ExecutionFailed');
  const redrivenAt = types.indexOf('ExecutionRedriven');
  assert.ok(failedAt > 0 && redrivenAt === failedAt + 1, types.join(','));
  assert.deepEqual(events[redrivenAt].executionRedrivenEventDetails, { redriveCount: 1 });
  assert.equal(types.at(-1), 'ExecutionSucceeded');
  const enteredAfter = events.slice(redrivenAt).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails.name);
  assert.deepEqual(enteredAfter, ['Second', 'Report']);
  assert.ok(!JSON.stringify(events).includes('__VaultflowRedrive'));
});

test('RedriveExecution_SucceededUnknownOrBadArn_AnswersAsAws', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'RedriveB', definition: twoSteps('FirstB', 'SecondB') });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'b-1', input: '{}' });
  assert.equal((await waitDone(started.executionArn)).status, 'SUCCEEDED');

  const succeeded = await call('RedriveExecution', { executionArn: started.executionArn });
  assert.equal(succeeded.status, 400);
  assert.equal(succeeded.errorType, 'ExecutionNotRedrivable');
  assert.equal(succeeded.body.message, 'Execution is SUCCEEDED and cannot be redriven.');
  const missing = await call('RedriveExecution', { executionArn: `${started.executionArn}-missing` });
  assert.equal(missing.status, 400);
  assert.equal(missing.errorType, 'ExecutionDoesNotExist');
  assert.equal((await call('RedriveExecution', { executionArn: 'not-an-arn' })).errorType, 'InvalidArn');
  assert.equal((await call('RedriveExecution', { executionArn: started.executionArn, clientToken: 'has space' })).errorType, 'ValidationException');
});

test('RedriveExecution_SameClientTokenTwice_RedrivesOnceAndAnswersTheSameDate', async () => {
  failing.add('SecondC');
  const { arn } = await failedExecution('RedriveC', twoSteps('FirstC', 'SecondC'), 'c-1');
  const first = await call('RedriveExecution', { executionArn: arn, clientToken: 'token-1' });
  const second = await call('RedriveExecution', { executionArn: arn, clientToken: 'token-1' });
  assert.equal(second.status, 200);
  assert.equal(second.body.redriveDate, first.body.redriveDate);
  const done = await waitDone(arn);
  assert.equal(done.status, 'FAILED');
  assert.equal(done.redriveCount, 1);
  assert.equal(countOf('SecondC'), 2);

  // A new token is a new redrive.
  failing.delete('SecondC');
  assert.equal((await call('RedriveExecution', { executionArn: arn, clientToken: 'token-2' })).status, 200);
  const finished = await waitDone(arn);
  assert.equal(finished.status, 'SUCCEEDED');
  assert.equal(finished.redriveCount, 2);
  assert.equal((await history(arn)).filter((e) => e.type === 'ExecutionRedriven').map((e) => e.executionRedrivenEventDetails.redriveCount).join(), '1,2');
});

test('RedriveExecution_FailedAtAFailStateAfterACatch_ReRunsOnlyTheFailState', async () => {
  const definition = JSON.stringify({
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: 'WorkD', Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Route' }], Next: 'Done' },
      Route: { Type: 'Task', Resource: 'RouteD', ResultPath: '$.routed', Next: 'Failed' },
      Done: { Type: 'Succeed' },
      Failed: { Type: 'Fail', Error: 'Vaultflow.Failed', Cause: 'routed' },
    },
  });
  failing.add('WorkD');
  const { arn, done } = await failedExecution('RedriveD', definition, 'd-1');
  assert.equal(done.error, 'Vaultflow.Failed');
  assert.equal(done.redriveStatus, 'REDRIVABLE');

  await call('RedriveExecution', { executionArn: arn });
  const after = await waitDone(arn);
  assert.equal(after.status, 'FAILED');
  assert.equal(after.error, 'Vaultflow.Failed');
  assert.equal(after.redriveCount, 1);
  assert.equal(countOf('WorkD'), 1);
  assert.equal(countOf('RouteD'), 1);
  const events = await history(arn);
  const redrivenAt = events.findIndex((e) => e.type === 'ExecutionRedriven');
  assert.deepEqual(events.slice(redrivenAt + 1).map((e) => e.type), ['FailStateEntered', 'FailStateFailed', 'ExecutionFailed']);
});

test('RedriveExecution_AbortedWhileInAState_ContinuesFromThatState', async () => {
  const { body: sm } = await call('CreateStateMachine', { name: 'RedriveE', definition: twoSteps('FirstE', 'SecondE') });
  let release;
  held.set('SecondE', new Promise((r) => { release = r; }));
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'e-1', input: '{"e":1}' });
  const deadline = Date.now() + 10000;
  while (countOf('SecondE') === 0) {
    assert.ok(Date.now() < deadline, 'SecondE was never invoked');
    await new Promise((r) => setTimeout(r, 10));
  }
  await call('StopExecution', { executionArn: started.executionArn });
  const stopped = await waitDone(started.executionArn);
  assert.equal(stopped.status, 'ABORTED');
  assert.equal(stopped.redriveStatus, 'REDRIVABLE');
  release();
  held.delete('SecondE');

  await call('RedriveExecution', { executionArn: started.executionArn });
  const done = await waitDone(started.executionArn);
  assert.equal(done.status, 'SUCCEEDED');
  assert.equal(countOf('FirstE'), 1);
  assert.deepEqual(JSON.parse(done.output).original, { e: 1 });
});

test('ListExecutions_RedriveFilter_SeparatesRedrivenExecutions', async () => {
  failing.add('SecondF');
  const { sm, arn } = await failedExecution('RedriveF', twoSteps('FirstF', 'SecondF'), 'f-1');
  const { body: other } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'f-2', input: '{}' });
  await waitDone(other.executionArn);
  failing.delete('SecondF');
  await call('RedriveExecution', { executionArn: arn });
  await waitDone(arn);

  const redriven = (await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, redriveFilter: 'REDRIVEN' })).body.executions;
  assert.deepEqual(redriven.map((e) => [e.name, e.redriveCount]), [['f-1', 1]]);
  assert.equal(typeof redriven[0].redriveDate, 'number');
  const notRedriven = (await call('ListExecutions', { stateMachineArn: sm.stateMachineArn, redriveFilter: 'NOT_REDRIVEN' })).body.executions;
  assert.deepEqual(notRedriven.map((e) => [e.name, e.redriveCount]), [['f-2', 0]]);
});

test('UnsuccessfulState_History_LastTopLevelStateEnteredAndNotExited', () => {
  const definition = { StartAt: 'A', States: { A: {}, B: {} } };
  const entered = (name, input, extra = {}) => ({ type: 'StateEntered', state: { name, input }, ...extra });
  const exited = (name) => ({ type: 'StateExited', state: { name } });
  assert.deepEqual(unsuccessfulState([entered('A', 1), exited('A'), entered('B', 2)], definition), { name: 'B', input: 2 });
  assert.equal(unsuccessfulState([entered('A', 1), exited('A')], definition), null);
  // A Map iteration's state named like a top-level state does not count.
  assert.deepEqual(unsuccessfulState([entered('A', 1), entered('B', 9, { index: 0 })], definition), { name: 'A', input: 1 });
});

test('RedriveExecution_TimedOut_IsRedrivableAndReentersTheStateItTimedOutIn', async () => {
  const definition = JSON.stringify({
    StartAt: 'Quick', TimeoutSeconds: 1,
    States: { Quick: { Type: 'Pass', Next: 'Slow' }, Slow: { Type: 'Wait', Seconds: 3, End: true } },
  });
  const { body: sm } = await call('CreateStateMachine', { name: 'RedriveG', definition });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'g-1', input: '{}' });
  const timedOut = await waitDone(started.executionArn);
  assert.equal(timedOut.status, 'TIMED_OUT');
  assert.equal(timedOut.redriveStatus, 'REDRIVABLE');

  assert.equal((await call('RedriveExecution', { executionArn: started.executionArn })).status, 200);
  const again = await waitDone(started.executionArn);
  assert.equal(again.status, 'TIMED_OUT');
  assert.equal(again.redriveCount, 1);
  const events = await history(started.executionArn);
  const redrivenAt = events.findIndex((e) => e.type === 'ExecutionRedriven');
  const entered = (list) => list.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails.name);
  assert.deepEqual(entered(events.slice(0, redrivenAt)), ['Quick', 'Slow']);
  assert.deepEqual(entered(events.slice(redrivenAt)), ['Slow']);
});

test('RedriveExecution_ExpressStateMachine_NotRedrivable', async () => {
  const definition = JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } });
  const { body: sm } = await call('CreateStateMachine', { name: 'RedriveExpress', definition, type: 'EXPRESS' });
  const { body: started } = await call('StartExecution', { stateMachineArn: sm.stateMachineArn, name: 'x-1', input: '{}' });
  const failed = await waitDone(started.executionArn);
  assert.equal(failed.status, 'FAILED');
  assert.equal(failed.redriveStatus, 'NOT_REDRIVABLE');
  const r = await call('RedriveExecution', { executionArn: started.executionArn });
  assert.equal(r.errorType, 'ExecutionNotRedrivable');
  assert.equal(r.body.message, failed.redriveStatusReason);
});
