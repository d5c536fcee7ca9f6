// The local SQS server: loopback only, JSON protocol passthrough, and the query protocol that
// Debian's awscli 2.9 speaks (driven here with the real aws binary when it is installed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { startSqsServer } from '../sqs-server.mjs';
import { toJsonRequest, toXmlResponse, escapeXml } from '../sqs-query.mjs';

let sqs;
before(async () => { sqs = await startSqsServer({ port: 0 }); });
after(async () => { await sqs.close(); });

async function json(op, body) {
  const res = await fetch(sqs.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AmazonSQS.${op}`, Authorization: 'AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function query(params) {
  const res = await fetch(sqs.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', Authorization: 'AWS4-HMAC-SHA256 Credential=x/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0' },
    body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
  });
  return { status: res.status, text: await res.text() };
}

test('SendMessage_AstralCharacterOrLoneSurrogate_AcceptedOrRefusedAsSqsDoes', async () => {
  const { body: q } = await json('CreateQueue', { QueueName: 'unicode-q' });
  const astral = '{"name":"\u{1F600} Zo\u00EB \u202E\u05E9"}';
  const sent = await json('SendMessage', { QueueUrl: q.QueueUrl, MessageBody: astral });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const batch = await json('SendMessageBatch', { QueueUrl: q.QueueUrl, Entries: [{ Id: 'a', MessageBody: astral }, { Id: 'b', MessageBody: 'x\uD83Dy' }] });
  assert.deepEqual(batch.body.Successful.map((e) => e.Id), ['a']);
  assert.deepEqual(batch.body.Failed.map((e) => [e.Id, e.Code]), [['b', 'InvalidMessageContents']]);
  const lone = await json('SendMessage', { QueueUrl: q.QueueUrl, MessageBody: 'x\uDE00' });
  assert.equal(lone.status, 400);
  const { body } = await json('ReceiveMessage', { QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10 });
  assert.deepEqual(body.Messages.map((m) => m.Body), [astral, astral]);
});

test('Server_ListensOnLoopbackOnly', () => {
  assert.match(sqs.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('JsonProtocol_SendAndReceive_RoundTripsBodyAndAttributes', async () => {
  const { body: q } = await json('CreateQueue', { QueueName: 'json-q' });
  await json('SendMessage', { QueueUrl: q.QueueUrl, MessageBody: 'hello', MessageAttributes: { 'vf-hops': { DataType: 'Number', StringValue: '1' } } });
  const { body } = await json('ReceiveMessage', { QueueUrl: q.QueueUrl, MessageAttributeNames: ['All'], AttributeNames: ['All'] });
  assert.equal(body.Messages[0].Body, 'hello');
  assert.equal(body.Messages[0].MessageAttributes['vf-hops'].StringValue, '1');
});

test('QueryProtocol_SendMessageWithAttributes_ReturnsXmlAndIsReceivable', async () => {
  await query({ Action: 'CreateQueue', QueueName: 'query-q' });
  const url = `${sqs.url}/000000000000/query-q`;
  const sent = await query({
    Action: 'SendMessage', QueueUrl: url, MessageBody: '{"a":"<&>"}',
    'MessageAttribute.1.Name': 'vf-replay-count', 'MessageAttribute.1.Value.DataType': 'Number', 'MessageAttribute.1.Value.StringValue': '2',
  });
  assert.equal(sent.status, 200);
  assert.match(sent.text, /<SendMessageResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/"><SendMessageResult><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/);
  const received = await query({ Action: 'ReceiveMessage', QueueUrl: url, 'MessageAttributeName.1': 'All', 'AttributeName.1': 'All' });
  assert.match(received.text, /<Body>\{&quot;a&quot;:&quot;&lt;&amp;&gt;&quot;\}<\/Body>/);
  assert.match(received.text, /<MessageAttribute><Name>vf-replay-count<\/Name><Value><StringValue>2<\/StringValue><DataType>Number<\/DataType><\/Value><\/MessageAttribute>/);
  assert.match(received.text, /<Attribute><Name>ApproximateReceiveCount<\/Name><Value>1<\/Value><\/Attribute>/);
});

test('QueryProtocol_UnknownQueue_ReturnsQueryErrorCode', async () => {
  const r = await query({ Action: 'GetQueueUrl', QueueName: 'does-not-exist' });
  assert.equal(r.status, 400);
  assert.match(r.text, /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code>/);
});

test('ToJsonRequest_BatchEntries_KeepsOrderAndNestedAttributes', () => {
  const params = new Map(Object.entries({
    QueueUrl: 'u',
    'SendMessageBatchRequestEntry.2.Id': 'b', 'SendMessageBatchRequestEntry.2.MessageBody': 'B',
    'SendMessageBatchRequestEntry.1.Id': 'a', 'SendMessageBatchRequestEntry.1.MessageBody': 'A',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'k',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
    'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'v',
  }));
  const r = toJsonRequest('SendMessageBatch', params);
  assert.deepEqual(r.Entries.map((e) => e.Id), ['a', 'b']);
  assert.deepEqual(r.Entries[0].MessageAttributes, { k: { DataType: 'String', StringValue: 'v' } });
});

test('ToXmlResponse_BatchFailures_ListsErrorEntries', () => {
  const xml = toXmlResponse('DeleteMessageBatch', 200, { Successful: [{ Id: '1' }], Failed: [{ Id: '2', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'bad' }] }, 'rid');
  assert.match(xml, /<DeleteMessageBatchResultEntry><Id>1<\/Id><\/DeleteMessageBatchResultEntry><BatchResultErrorEntry><Id>2<\/Id><SenderFault>true<\/SenderFault><Code>ReceiptHandleIsInvalid<\/Code>/);
  assert.equal(escapeXml(`<'&">`), '&lt;&apos;&amp;&quot;&gt;');
});

// The server runs in this process, so the CLI must run asynchronously (execFileSync would block it).
test('AwsCli_SendReceiveAgainstLocalSqs_Works', { skip: !existsSync('/usr/bin/aws') && 'Debian awscli not installed (scripts/setup installs it)' }, async () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const aws = async (...args) => JSON.parse((await promisify(execFile)('/usr/bin/aws', ['--endpoint-url', sqs.url, '--output', 'json', ...args], { env })).stdout || '{}');
  await aws('sqs', 'create-queue', '--queue-name', 'cli-q');
  const url = `${sqs.url}/000000000000/cli-q`;
  const sent = await aws('sqs', 'send-message', '--queue-url', url, '--message-body', '{"type":"demo"}');
  const got = await aws('sqs', 'receive-message', '--queue-url', url);
  assert.equal(got.Messages[0].MessageId, sent.MessageId);
  assert.equal(got.Messages[0].Body, '{"type":"demo"}');
});
