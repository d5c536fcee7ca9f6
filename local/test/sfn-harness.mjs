// Shared by the local Step Functions server's tests (not a test file: scripts/test runs *.test.mjs).

/** Listens on a free 127.0.0.1 port; resolves to the server's base URL. */
export function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/** One JSON 1.0 call: status, the X-Amzn-ErrorType header and the parsed body. */
export async function sfnCall(url, op, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: await res.json() };
}

/** Polls DescribeExecution until the execution leaves RUNNING (at most 10 s). */
export async function waitForEnd(url, executionArn) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const { body } = await sfnCall(url, 'DescribeExecution', { executionArn });
    if (body.status !== 'RUNNING') return body;
    if (Date.now() > deadline) throw new Error(`execution still running: ${executionArn}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
