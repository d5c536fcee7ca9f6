// Lints a CloudFormation/SAM template (JSON) in two passes, and exits 1 on any finding:
//  1. cfn-lint (npm, 1.9.7): intrinsic functions, parameter/Ref/GetAtt resolution, conditions, SAM
//     expansion. Its resource specification dates from 2019, so its "X is not a valid property" and
//     "Required property X missing" findings are re-judged against pass 2's current specification,
//     and a short list of its known false positives is waived, each with its reason (WAIVERS below).
//  2. A schema check against the current CloudFormation resource database that ships in
//     @aws-cdk/aws-service-spec: every property name, nested type, primitive type, allowed value and
//     required property of every non-SAM resource; for SAM resources, the documented SAM properties
//     (the database's SAM spec plus SAM_FUNCTION_PASSTHROUGH) checked against the Lambda types they
//     pass through to. Also: Ref/GetAtt/Sub targets, GetAtt attribute names, Condition names, and the
//     files that `aws cloudformation package` uploads.
// Not covered: IAM policy semantics, SAM policy templates' parameters, account limits, anything only
// the SAM transform or CloudFormation decide at deploy time.
//
// Usage: node cfn-check.mjs TEMPLATE.json [--verbose]   (--verbose lists every waived cfn-lint finding and why)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// SAM documents these AWS::Serverless::Function properties (passed through to AWS::Lambda::Function)
// although the SAM spec inside @aws-cdk/aws-service-spec predates them.
export const SAM_FUNCTION_PASSTHROUGH = ['LoggingConfig', 'RecursiveLoop', 'RuntimeManagementConfig', 'SnapStart', 'RolePath'];

// SAM's SQS event properties: Queue, plus the AWS::Lambda::EventSourceMapping properties SAM passes through.
const SAM_SQS_EVENT_PASSTHROUGH = ['BatchSize', 'Enabled', 'FilterCriteria', 'FunctionResponseTypes', 'MaximumBatchingWindowInSeconds', 'ScalingConfig', 'KmsKeyArn', 'MetricsConfig'];

// Properties `aws cloudformation package` turns from a local path into an S3 location.
const PACKAGED = {
  'AWS::StepFunctions::StateMachine': 'DefinitionS3Location',
  'AWS::Serverless::StateMachine': 'DefinitionUri',
  'AWS::Serverless::Function': 'CodeUri',
};

// cfn-lint 1.9.7 findings that are wrong for current CloudFormation/SAM, matched on path and message.
export const WAIVERS = [
  { path: /^Parameters > \w+$/, message: /CommaDelimitedList where the number of commas/, reason: 'an empty CommaDelimitedList default ("") is how an optional list parameter is written' },
  { path: /^Conditions > /, message: /Unhandled Intrinsic Function Fn::And|did not resolve to a boolean value, got null/, reason: 'cfn-lint 1.9.7 does not implement Fn::And in conditions' },
  { path: /^Globals > Function > VpcConfig$/, message: /Intrinsic function Fn::If is not supported here/, reason: 'SAM merges Globals values as written; Fn::If with AWS::NoValue is resolved by CloudFormation after the transform' },
];

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const SAM_GENERATED_ATTRIBUTES = { 'AWS::Serverless::Function': ['Arn'], 'AWS::Serverless::StateMachine': ['Arn', 'Name'] };

export function loadSpec(file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz')) {
  const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString());
  const types = new Map(db.schema.typeDefinition.entities.map(e => [e.$id, e]));
  const resources = new Map(db.schema.resource.entities.map(e => [e.cloudFormationType, e]));
  return { types, resources };
}

const isIntrinsic = v => v !== null && typeof v === 'object' && !Array.isArray(v)
  && Object.keys(v).length === 1 && (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0].startsWith('Fn::') || Object.keys(v)[0] === 'Condition');

/** Schema findings for one template object: [{ path, message }]. */
export function checkTemplate(template, spec, templateDir) {
  const findings = [];
  const add = (p, message) => findings.push({ path: p, message });
  const resources = template.Resources ?? {};
  const parameters = template.Parameters ?? {};
  const conditions = template.Conditions ?? {};

  const resourceSpec = type => spec.resources.get(type);
  const lambdaSpec = resourceSpec('AWS::Lambda::Function');
  const esmSpec = resourceSpec('AWS::Lambda::EventSourceMapping');

  // Returns the findings of checking value against a type (without recording them), so unions can try each branch.
  function checkType(value, type, p, out) {
    if (value === undefined) return;
    if (isIntrinsic(value)) return;
    switch (type.type) {
      case 'string': case 'date-time':
        if (!['string', 'number', 'boolean'].includes(typeof value)) out.push({ path: p, message: `expected a string, found ${JSON.stringify(value).slice(0, 60)}` });
        break;
      case 'integer': case 'number':
        if (typeof value === 'number' ? (type.type === 'integer' && !Number.isInteger(value)) : !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
          out.push({ path: p, message: `expected ${type.type === 'integer' ? 'an integer' : 'a number'}, found ${JSON.stringify(value)}` });
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') out.push({ path: p, message: `expected a boolean, found ${JSON.stringify(value)}` });
        break;
      case 'json':
        break;
      case 'array':
        if (!Array.isArray(value)) { out.push({ path: p, message: 'expected a list' }); break; }
        value.forEach((v, i) => checkType(v, type.element, `${p}[${i}]`, out));
        break;
      case 'map':
        if (typeof value !== 'object' || Array.isArray(value)) { out.push({ path: p, message: 'expected a map' }); break; }
        for (const [k, v] of Object.entries(value)) checkType(v, type.element, `${p}.${k}`, out);
        break;
      case 'ref': {
        const def = spec.types.get(type.reference.$ref);
        checkObject(value, def.properties, def.name, p, out);
        break;
      }
      case 'union': {
        const attempts = type.types.map(t => { const o = []; checkType(value, t, p, o); return o; });
        if (!attempts.some(a => a.length === 0)) out.push(...attempts.sort((a, b) => a.length - b.length)[0]);
        break;
      }
      default:
        break;
    }
    if (type.allowedValues && !isIntrinsic(value) && !type.allowedValues.map(String).includes(String(value))) {
      out.push({ path: p, message: `${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}` });
    }
  }

  function checkObject(value, properties, typeName, p, out) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) { out.push({ path: p, message: `expected a ${typeName} object` }); return; }
    for (const [name, v] of Object.entries(value)) {
      if (isIntrinsic(v) && v['Fn::If']) continue;
      const prop = properties[name];
      if (!prop) { out.push({ path: `${p}.${name}`, message: `${name} is not a property of ${typeName}` }); continue; }
      checkType(v, prop.type, `${p}.${name}`, out);
    }
    for (const [name, prop] of Object.entries(properties)) {
      if (prop.required && !(name in value)) out.push({ path: p, message: `required property ${name} of ${typeName} is missing` });
    }
  }

  function checkSamFunctionProperties(props, p, isGlobals) {
    const sam = resourceSpec('AWS::Serverless::Function');
    for (const [name, v] of Object.entries(props)) {
      if (SAM_FUNCTION_PASSTHROUGH.includes(name)) {
        const out = [];
        if (!(isIntrinsic(v) && v['Fn::If'])) checkType(v, lambdaSpec.properties[name].type, `${p}.${name}`, out);
        findings.push(...out);
      } else if (name === 'Events') {
        for (const [eventName, event] of Object.entries(v ?? {})) checkSamEvent(event, `${p}.Events.${eventName}`);
      } else if (sam.properties[name]) {
        // SAM's own shapes (Policies, Environment, Tracing, ...) are validated by the SAM transform; the
        // passthrough ones with a Lambda twin are checked against it.
        const twin = lambdaSpec.properties[name];
        if (twin && ['Architectures', 'Layers', 'MemorySize', 'Timeout', 'Runtime', 'Handler', 'VpcConfig', 'EphemeralStorage', 'ReservedConcurrentExecutions'].includes(name)) {
          const out = [];
          if (!(isIntrinsic(v) && v['Fn::If'])) checkType(v, twin.type, `${p}.${name}`, out);
          findings.push(...out);
        }
      } else {
        add(`${p}.${name}`, `${name} is not a documented property of AWS::Serverless::Function${isGlobals ? ' (Globals)' : ''}`);
      }
    }
  }

  function checkSamEvent(event, p) {
    if (event?.Type !== 'SQS') return; // other event types: left to the SAM transform
    const props = event.Properties ?? {};
    if (!('Queue' in props)) add(p, 'SQS event needs Properties.Queue');
    for (const [name, v] of Object.entries(props)) {
      if (name === 'Queue') continue;
      if (!SAM_SQS_EVENT_PASSTHROUGH.includes(name)) { add(`${p}.Properties.${name}`, `${name} is not a property of a SAM SQS event`); continue; }
      const out = [];
      checkType(v, esmSpec.properties[name].type, `${p}.Properties.${name}`, out);
      findings.push(...out);
    }
  }

  // Resources
  for (const [id, resource] of Object.entries(resources)) {
    const p = `Resources.${id}`;
    const type = resource?.Type;
    if (!type) { add(p, 'resource has no Type'); continue; }
    if (resource.Condition && !(resource.Condition in conditions)) add(`${p}.Condition`, `condition ${resource.Condition} is not defined`);
    for (const dep of [resource.DependsOn ?? []].flat()) if (!(dep in resources)) add(`${p}.DependsOn`, `${dep} is not a resource`);
    const props = resource.Properties ?? {};
    const packaged = PACKAGED[type];
    if (packaged && typeof props[packaged] === 'string' && !props[packaged].startsWith('s3://') && type !== 'AWS::Serverless::Function') {
      if (!fs.existsSync(path.resolve(templateDir, props[packaged]))) add(`${p}.Properties.${packaged}`, `local file ${props[packaged]} (uploaded by aws cloudformation package) does not exist`);
    }
    if (type === 'AWS::Serverless::Function') { checkSamFunctionProperties(props, `${p}.Properties`, false); continue; }
    if (type.startsWith('AWS::Serverless::')) continue; // other SAM types: left to the transform
    const rs = resourceSpec(type);
    if (!rs) { if (!type.startsWith('Custom::')) add(p, `unknown resource type ${type}`); continue; }
    const out = [];
    const checked = packaged && typeof props[packaged] === 'string' ? { ...props, [packaged]: undefined } : props;
    for (const k of Object.keys(checked)) if (checked[k] === undefined) delete checked[k];
    checkObject(checked, rs.properties, type, `${p}.Properties`, out);
    // A packaged path counts as the S3 location it becomes.
    findings.push(...out.filter(f => !(packaged && f.message.includes(`required property ${packaged}`))));
  }

  // Globals
  if (template.Globals?.Function) checkSamFunctionProperties(template.Globals.Function, 'Globals.Function', true);

  // References everywhere
  const attributesOf = id => {
    const type = resources[id]?.Type;
    if (!type) return null;
    if (SAM_GENERATED_ATTRIBUTES[type]) return SAM_GENERATED_ATTRIBUTES[type];
    const rs = resourceSpec(type);
    return rs ? Object.keys(rs.attributes ?? {}) : null;
  };
  const checkName = (name, p, allowResource = true) => {
    if (PSEUDO.has(name) || name in parameters || (allowResource && name in resources)) return;
    add(p, `${name} is not a parameter, resource or pseudo parameter`);
  };
  const checkGetAtt = (id, attribute, p) => {
    if (!(id in resources)) { add(p, `Fn::GetAtt target ${id} is not a resource`); return; }
    const attrs = attributesOf(id);
    if (attrs && attrs.length > 0 && !attrs.includes(attribute) && !attribute.includes('.')) add(p, `${resources[id].Type} has no attribute ${attribute} (it has ${attrs.join(', ')})`);
  };
  function walk(node, p) {
    if (Array.isArray(node)) { node.forEach((v, i) => walk(v, `${p}[${i}]`)); return; }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'Ref' && typeof v === 'string') checkName(v, p);
      else if (k === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(v) ? v : String(v).split(/\.(.+)/);
        if (typeof id === 'string' && typeof attribute === 'string') checkGetAtt(id, attribute, p);
      } else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? v : [v, {}];
        for (const m of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = m[1];
          if (vars && name in vars) continue;
          if (name.includes('.')) { const [id, attribute] = name.split(/\.(.+)/); checkGetAtt(id, attribute, p); } else checkName(name, p);
        }
      } else if (k === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string' && !(v[0] in conditions)) add(p, `condition ${v[0]} is not defined`);
      else if (k === 'Condition' && typeof v === 'string' && p.startsWith('Conditions') && !(v in conditions)) add(p, `condition ${v} is not defined`);
      walk(v, `${p}.${k}`);
    }
  }
  for (const section of ['Conditions', 'Globals', 'Resources', 'Outputs']) walk(template[section] ?? {}, section);
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (output.Condition && !(output.Condition in conditions)) add(`Outputs.${id}.Condition`, `condition ${output.Condition} is not defined`);
  }
  return findings;
}

/** cfn-lint 1.9.7's critical findings, minus those the current specification or a waiver overrides. */
export function cfnLint(templatePath, spec) {
  const cfnlint = require('cfn-lint/lib/api.js');
  const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
  const parameters = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    if (p.Default === undefined) parameters[name] = sampleValue(p);
  }
  const result = cfnlint.validateFile(templatePath, { parameters, guessParameters: [] });
  const kept = [];
  const waived = [];
  for (const e of result.errors.crit) {
    const waiver = WAIVERS.find(w => w.path.test(e.resource) && w.message.test(e.message));
    if (waiver) { waived.push({ ...e, reason: waiver.reason }); continue; }
    const notValid = /^(\w+) is not a valid property of ([\w:.]+)$/.exec(e.message);
    if (notValid && knownNow(notValid[1], notValid[2], spec)) { waived.push({ ...e, reason: 'current specification has it' }); continue; }
    const required = /^Required property (\w+) missing for type ([\w:]+)$/.exec(e.message);
    if (required && !spec.resources.get(required[2])?.properties[required[1]]?.required) { waived.push({ ...e, reason: 'not required in the current specification' }); continue; }
    kept.push(e);
  }
  return { kept, waived, warnings: result.errors.warn.filter(w => !WAIVERS.some(x => x.path.test(w.resource) && x.message.test(w.message))) };
}

function knownNow(property, owner, spec) {
  if (owner === 'AWS::Serverless::Function') {
    return SAM_FUNCTION_PASSTHROUGH.includes(property) || Boolean(spec.resources.get(owner)?.properties[property]);
  }
  if (owner === 'AWS::Serverless::Function.SQSEvent') return SAM_SQS_EVENT_PASSTHROUGH.includes(property);
  return Boolean(spec.resources.get(owner)?.properties[property]);
}

function sampleValue(parameter) {
  if (parameter.AllowedValues) return String(parameter.AllowedValues[0]);
  if (parameter.Type === 'Number') return String(parameter.MinValue ?? 1);
  if (parameter.Type?.startsWith('List') || parameter.Type === 'CommaDelimitedList') return ['sample'];
  const pattern = parameter.AllowedPattern ?? '';
  if (pattern.includes('secretsmanager')) return 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:vaultflow-db-AbCdEf';
  if (pattern.includes(':layer:')) return 'arn:aws:lambda:eu-west-1:123456789012:layer:sample:1';
  if (pattern.includes(':kms:')) return 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000';
  return 'c2FtcGxlLXZhbHVlLW9mLTMyLWJ5dGVzLWZvci10ZXN0cw==';
}

async function main() {
  const args = process.argv.slice(2);
  const file = args.find(a => !a.startsWith('--'));
  if (!file) { console.error('usage: node cfn-check.mjs TEMPLATE.json'); process.exit(2); }
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const spec = loadSpec();
  const schema = checkTemplate(template, spec, path.dirname(path.resolve(file)));
  const lint = cfnLint(file, spec);
  if (args.includes('--verbose')) for (const w of lint.waived) console.log(`waived (cfn-lint 1.9.7): ${w.resource}: ${w.message} [${w.reason}]`);
  for (const w of lint.warnings) console.log(`warning (cfn-lint): ${w.resource}: ${w.message}`);
  for (const e of lint.kept) console.log(`error (cfn-lint): ${e.resource}: ${e.message}`);
  for (const f of schema) console.log(`error (schema): ${f.path}: ${f.message}`);
  const errors = lint.kept.length + schema.length;
  console.log(`${file}: ${errors === 0 ? 'ok' : errors + ' error(s)'} (cfn-lint 1.9.7: ${lint.kept.length} finding(s) kept, ${lint.waived.length} outdated or waived, see --verbose; current-schema check: ${schema.length} finding(s))`);
  process.exit(errors === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
