// RedriveExecution for the local Step Functions server: which executions may be redriven (with AWS's
// reason sentences) and how the local engine continues one from its unsuccessful state.
//
// AWS continues a FAILED, ABORTED or TIMED_OUT STANDARD execution from the state that did not succeed,
// with the input that state received, under the same ARN and definition, keeping the history of the
// steps that succeeded. aws-local-stepfunctions cannot resume a run, so the local server runs a copy of
// the execution's definition that starts at a synthetic Pass state: it is given the execution's original
// input (so $$.Execution.Input stays what it was on AWS), replaces it with the input the unsuccessful state
// received (found in the stored history) and goes on to that state. The Pass state's events are left out of
// the history. Limits: a Parallel or Map state is re-run whole (AWS re-runs only its failed branches or
// iterations), and the retry counters of the re-run state start again from zero (as on AWS).

export const REDRIVE_TOKEN_TTL_MS = 15 * 60 * 1000; // AWS keeps a clientToken's answer for 15 minutes...
export const REDRIVE_TOKENS_KEPT = 10; // ...for the last 10 successful redrives
const REDRIVABLE_PERIOD_MS = 14 * 24 * 60 * 60 * 1000; // executions that stopped in the last 14 days

/**
 * Why the execution cannot be redriven now (the sentence AWS puts in redriveStatusReason and in the
 * ExecutionNotRedrivable error), or null when it can.
 */
export function notRedrivableReason(execution, machine, now) {
  if (!machine) return 'State machine is in DELETING status.';
  // AWS has no redrive (and no DescribeExecution) for EXPRESS executions; this sentence is the local server's own.
  if ((execution.type ?? machine.type) === 'EXPRESS') return 'Execution of an EXPRESS state machine cannot be redriven.';
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED') return `Execution is ${execution.status} and cannot be redriven.`;
  if (execution.stopDate !== undefined && now - execution.stopDate * 1000 > REDRIVABLE_PERIOD_MS) return 'Execution redrivable period exceeded.';
  return null;
}

/**
 * The state the execution did not get past and the input it received: the last top-level state entered
 * and not exited in the history (a Task that failed, a Fail state, the state running when the execution
 * was stopped or timed out). Null when no state was entered.
 */
export function unsuccessfulState(logs, definition) {
  let current = null;
  for (const log of logs) {
    // Map iterations carry an index; events of a Parallel branch use the branch's own state names.
    if (log.index !== undefined || log.parentState !== undefined) continue;
    const name = log.state?.name;
    if (name === undefined || !Object.hasOwn(definition.States, name)) continue;
    if (log.type === 'StateEntered') current = { name, input: log.state.input };
    else if (log.type === 'StateExited' && current?.name === name) current = null;
  }
  return current;
}

/**
 * What the redriven run executes: a definition that starts with a Pass state placing the unsuccessful
 * state's input, the run's input (the execution's original input), and a filter that keeps the
 * synthetic Pass state and the copy's ExecutionStarted out of the history.
 */
export function redrivePlan(execution) {
  const definition = execution.definition;
  const originalInput = JSON.parse(execution.input);
  const failed = unsuccessfulState(execution.logs, definition);
  let entry = '__VaultflowRedrive';
  while (Object.hasOwn(definition.States, entry)) entry += '_';
  const target = failed ?? { name: definition.StartAt, input: originalInput };
  const copy = {
    ...definition,
    StartAt: entry,
    States: {
      ...definition.States,
      // Result is a wrapper so a falsy state input (null, 0, "") still replaces the original input.
      [entry]: { Type: 'Pass', Result: { redriven: target.input ?? null }, OutputPath: '$.redriven', Next: target.name },
    },
  };
  const skip = (log) => log.type === 'ExecutionStarted' || log.state?.name === entry;
  return { definition: copy, input: originalInput, state: target.name, skip };
}
