// Translates the SQS query protocol (form-encoded requests, XML responses) to the JSON protocol
// fauxqs speaks, and back. The AWS SDKs moved SQS to JSON in 2023, but Debian 12's awscli 2.9
// still sends query requests; this keeps `aws sqs ...` working against the local stack.

const NS = 'http://queue.amazonaws.com/doc/2012-11-05/';

export const QUERY_ACTIONS = new Set([
  'CreateQueue', 'GetQueueUrl', 'ListQueues', 'DeleteQueue', 'GetQueueAttributes', 'SetQueueAttributes',
  'SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch',
  'ChangeMessageVisibility', 'PurgeQueue', 'ListDeadLetterSourceQueues', 'TagQueue', 'ListQueueTags',
]);

/** Collects "Prefix.N.Suffix" members into an ordered array of objects keyed by the suffix. */
function members(params, prefix) {
  const byIndex = new Map();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.(.+))?$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    if (!byIndex.has(index)) byIndex.set(index, new Map());
    byIndex.get(index).set(m[2] ?? '', value);
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i));
}

function sub(map, prefix) {
  const out = new Map();
  for (const [k, v] of map) if (k.startsWith(`${prefix}.`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

function nameValueMap(params, prefix) {
  const out = {};
  for (const m of members(params, prefix)) out[m.get('Name')] = m.get('Value');
  return Object.keys(out).length ? out : undefined;
}

function messageAttributes(map) {
  const out = {};
  for (const m of members(map, 'MessageAttribute')) {
    const value = { DataType: m.get('Value.DataType') };
    if (m.has('Value.StringValue')) value.StringValue = m.get('Value.StringValue');
    if (m.has('Value.BinaryValue')) value.BinaryValue = m.get('Value.BinaryValue');
    out[m.get('Name')] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function list(params, prefix) {
  const values = members(params, prefix).map((m) => m.get(''));
  return values.length ? values : undefined;
}

const int = (v) => (v === undefined ? undefined : Number.parseInt(v, 10));

function sendEntry(map) {
  return {
    MessageBody: map.get('MessageBody'),
    DelaySeconds: int(map.get('DelaySeconds')),
    MessageAttributes: messageAttributes(map),
    MessageGroupId: map.get('MessageGroupId'),
    MessageDeduplicationId: map.get('MessageDeduplicationId'),
  };
}

/** Query parameters (a Map) to the JSON request body of the same action. */
export function toJsonRequest(action, params) {
  const p = (k) => params.get(k);
  const queue = { QueueUrl: p('QueueUrl') };
  switch (action) {
    case 'CreateQueue': return { QueueName: p('QueueName'), Attributes: nameValueMap(params, 'Attribute') };
    case 'GetQueueUrl': return { QueueName: p('QueueName'), QueueOwnerAWSAccountId: p('QueueOwnerAWSAccountId') };
    case 'ListQueues': return { QueueNamePrefix: p('QueueNamePrefix'), MaxResults: int(p('MaxResults')), NextToken: p('NextToken') };
    case 'GetQueueAttributes': return { ...queue, AttributeNames: list(params, 'AttributeName') };
    case 'SetQueueAttributes': return { ...queue, Attributes: nameValueMap(params, 'Attribute') };
    case 'SendMessage': return { ...queue, ...sendEntry(params) };
    case 'SendMessageBatch':
      return { ...queue, Entries: members(params, 'SendMessageBatchRequestEntry').map((m) => ({ Id: m.get('Id'), ...sendEntry(m) })) };
    case 'ReceiveMessage':
      return {
        ...queue,
        MaxNumberOfMessages: int(p('MaxNumberOfMessages')),
        VisibilityTimeout: int(p('VisibilityTimeout')),
        WaitTimeSeconds: int(p('WaitTimeSeconds')),
        AttributeNames: list(params, 'AttributeName'),
        MessageSystemAttributeNames: list(params, 'MessageSystemAttributeName'),
        MessageAttributeNames: list(params, 'MessageAttributeName'),
      };
    case 'DeleteMessage': return { ...queue, ReceiptHandle: p('ReceiptHandle') };
    case 'DeleteMessageBatch':
      return { ...queue, Entries: members(params, 'DeleteMessageBatchRequestEntry').map((m) => ({ Id: m.get('Id'), ReceiptHandle: m.get('ReceiptHandle') })) };
    case 'ChangeMessageVisibility': return { ...queue, ReceiptHandle: p('ReceiptHandle'), VisibilityTimeout: int(p('VisibilityTimeout')) };
    case 'TagQueue': {
      const tags = {};
      for (const m of members(params, 'Tag')) tags[m.get('Key')] = m.get('Value');
      return { ...queue, Tags: tags };
    }
    default: return queue; // DeleteQueue, PurgeQueue, ListDeadLetterSourceQueues, ListQueueTags
  }
}

export function escapeXml(value) {
  return String(value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // XML 1.0 cannot carry most control characters even escaped; SQS forbids them in bodies too.
    .replace(/\r/g, '&#xD;');
}

const el = (name, value) => (value === undefined || value === null ? '' : `<${name}>${escapeXml(value)}</${name}>`);

function attributesXml(attributes, tag = 'Attribute') {
  return Object.entries(attributes ?? {}).map(([k, v]) => `<${tag}>${el('Name', k)}${el('Value', v)}</${tag}>`).join('');
}

function messageAttributesXml(attributes) {
  return Object.entries(attributes ?? {}).map(([name, v]) =>
    `<MessageAttribute>${el('Name', name)}<Value>${el('StringValue', v.StringValue)}${el('BinaryValue', v.BinaryValue)}${el('DataType', v.DataType)}</Value></MessageAttribute>`).join('');
}

function batchErrors(failed) {
  return (failed ?? []).map((f) => `<BatchResultErrorEntry>${el('Id', f.Id)}${el('SenderFault', f.SenderFault)}${el('Code', f.Code)}${el('Message', f.Message)}</BatchResultErrorEntry>`).join('');
}

function resultBody(action, r) {
  switch (action) {
    case 'CreateQueue':
    case 'GetQueueUrl': return el('QueueUrl', r.QueueUrl);
    case 'ListQueues':
    case 'ListDeadLetterSourceQueues': return (r.QueueUrls ?? r.queueUrls ?? []).map((u) => el('QueueUrl', u)).join('') + el('NextToken', r.NextToken);
    case 'GetQueueAttributes': return attributesXml(r.Attributes);
    case 'ListQueueTags': return Object.entries(r.Tags ?? {}).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('');
    case 'SendMessage':
      return el('MD5OfMessageBody', r.MD5OfMessageBody) + el('MD5OfMessageAttributes', r.MD5OfMessageAttributes) + el('MessageId', r.MessageId) + el('SequenceNumber', r.SequenceNumber);
    case 'SendMessageBatch':
      return (r.Successful ?? []).map((s) => `<SendMessageBatchResultEntry>${el('Id', s.Id)}${el('MessageId', s.MessageId)}${el('MD5OfMessageBody', s.MD5OfMessageBody)}${el('MD5OfMessageAttributes', s.MD5OfMessageAttributes)}${el('SequenceNumber', s.SequenceNumber)}</SendMessageBatchResultEntry>`).join('') + batchErrors(r.Failed);
    case 'ReceiveMessage':
      return (r.Messages ?? []).map((m) => `<Message>${el('MessageId', m.MessageId)}${el('ReceiptHandle', m.ReceiptHandle)}${el('MD5OfBody', m.MD5OfBody)}${el('Body', m.Body)}${attributesXml(m.Attributes)}${el('MD5OfMessageAttributes', m.MD5OfMessageAttributes)}${messageAttributesXml(m.MessageAttributes)}</Message>`).join('');
    case 'DeleteMessageBatch':
      return (r.Successful ?? []).map((s) => `<DeleteMessageBatchResultEntry>${el('Id', s.Id)}</DeleteMessageBatchResultEntry>`).join('') + batchErrors(r.Failed);
    default: return null;
  }
}

/** A JSON-protocol response (status, parsed body) to the query protocol's XML. */
export function toXmlResponse(action, status, body, requestId) {
  if (status >= 400) {
    const rawType = String(body?.__type ?? 'InternalError');
    const code = rawType.includes('#') ? rawType.slice(rawType.lastIndexOf('#') + 1) : rawType;
    const queryCode = { QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue' }[code] ?? code;
    return `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>${el('Code', queryCode)}${el('Message', body?.message ?? body?.Message ?? '')}<Detail/></Error>${el('RequestId', requestId)}</ErrorResponse>`;
  }
  const inner = resultBody(action, body ?? {});
  const result = inner === null ? '' : `<${action}Result>${inner}</${action}Result>`;
  return `<?xml version="1.0"?><${action}Response xmlns="${NS}">${result}<ResponseMetadata>${el('RequestId', requestId)}</ResponseMetadata></${action}Response>`;
}
