// Lambda Invoke for the local Step Functions server's Task states, over one keep-alive HTTP agent.
//
// aws-local-stepfunctions 3.x builds a new AWS SDK LambdaClient for every Task invocation: a new
// HTTP agent (so a new TCP connection per call) plus the SDK's middleware stack, all on the server's
// single event loop. This module answers the same Invoke API (POST /2015-03-31/functions/{name}/invocations,
// RequestResponse) with pooled connections, and names failures as Step Functions does, so ASL Retry/Catch match:
// - a function error (200 + X-Amz-Function-Error) throws an error named after the payload's errorType,
//   message "<errorType>: <errorMessage>", cause = the error payload;
// - an Invoke API error (non-2xx) throws Lambda.<x-amzn-ErrorType> (Lambda.ServiceException for a bare 5xx);
// - no answer at all (a crashed sandbox, a reset connection) throws Lambda.SdkClientException.
// No retries here: retrying is the state machine's Retry field's job, and every retry shows in the history.
// Used only when AWS_ENDPOINT_URL_LAMBDA names an http:// endpoint (the local stack); otherwise the
// library's own SDK client runs (aws-local-stepfunctions' default).

import http from 'node:http';

// Names a failed Lambda Invoke call the way Step Functions does for a Task whose Resource is a function
// ARN: Lambda.<ServiceError> for an error answer, Lambda.SdkClientException when no answer came (a
// crashed sandbox, a reset connection), Lambda.ServiceException for a 5xx without a name.
export function lambdaErrorName(err) {
  const status = err?.$metadata?.httpStatusCode;
  if (status === undefined) return 'Lambda.SdkClientException';
  if (status === 429) return 'Lambda.TooManyRequestsException';
  const name = err?.name && err.name !== 'Error' && !err.name.startsWith('Lambda.') ? err.name : null;
  if (name && !/^[0-9]/.test(name)) return `Lambda.${name === 'UnknownError' ? 'ServiceException' : name}`;
  return status >= 500 ? 'Lambda.ServiceException' : 'Lambda.AWSLambdaException';
}

class LambdaInvocationError extends Error {
  constructor(name, message, cause) {
    super(message);
    this.name = name;
    this.cause = cause;
  }
}

export class LambdaInvoker {
  constructor(endpoint, { maxSockets = 64 } = {}) {
    this.endpoint = new URL(endpoint);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
    this.calls = 0;
  }

  /** The invoker for AWS_ENDPOINT_URL_LAMBDA when it is a plain-HTTP endpoint, else null. */
  static fromEnvironment(env = process.env) {
    const url = env.AWS_ENDPOINT_URL_LAMBDA;
    if (!url || !url.startsWith('http://')) return null;
    return new LambdaInvoker(url);
  }

  invoke(functionNameOrArn, payload) {
    this.calls += 1;
    const body = Buffer.from(JSON.stringify(payload ?? null), 'utf8');
    const base = this.endpoint.pathname.endsWith('/') ? this.endpoint.pathname : `${this.endpoint.pathname}/`;
    const path = `${base}2015-03-31/functions/${encodeURIComponent(functionNameOrArn)}/invocations`;
    return new Promise((resolve, reject) => {
      const req = http.request({
        agent: this.agent,
        host: this.endpoint.hostname,
        port: this.endpoint.port || 80,
        method: 'POST',
        path,
        headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, 'X-Amz-Invocation-Type': 'RequestResponse' },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (err) => reject(new LambdaInvocationError('Lambda.SdkClientException', `Lambda.SdkClientException: ${err?.message ?? err}`)));
        res.on('end', () => {
          try {
            resolve(interpret(functionNameOrArn, res, Buffer.concat(chunks).toString('utf8')));
          } catch (err) {
            reject(err);
          }
        });
      });
      req.on('error', (err) => reject(new LambdaInvocationError('Lambda.SdkClientException', `Lambda.SdkClientException: ${err?.message ?? err}`)));
      req.end(body);
    });
  }

  /** taskResourceLocalHandlers for a definition: every Task state (nested ones too) invokes its Resource here. */
  handlersFor(definition) {
    const handlers = {};
    const visit = (states) => {
      for (const [name, state] of Object.entries(states ?? {})) {
        if (state.Type === 'Task' && typeof state.Resource === 'string') {
          const resource = state.Resource;
          handlers[name] = (input) => this.invoke(resource, input);
        }
        if (state.Type === 'Parallel') for (const branch of state.Branches ?? []) visit(branch.States);
        if (state.Type === 'Map') visit((state.ItemProcessor ?? state.Iterator)?.States);
      }
    };
    visit(definition.States);
    return handlers;
  }

  close() { this.agent.destroy(); }
}

function interpret(functionName, res, text) {
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const header = res.headers['x-amzn-errortype'];
    const type = lambdaErrorName({ name: header ? String(header).split(':')[0] : 'Error', $metadata: { httpStatusCode: res.statusCode } });
    let message = text;
    try { const parsed = JSON.parse(text); message = parsed.Message ?? parsed.message ?? text; } catch { /* not JSON: keep the text */ }
    throw new LambdaInvocationError(type, `Invoke of ${functionName} failed (${res.statusCode}): ${message}`);
  }
  const result = text.length > 0 ? JSON.parse(text) : null;
  if (res.headers['x-amz-function-error']) {
    throw new LambdaInvocationError(result?.errorType, `${result?.errorType}: ${result?.errorMessage}`, result);
  }
  return result;
}
