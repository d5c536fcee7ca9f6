// The template linter (cfn-check.mjs): the repository's serverless.template passes, and each kind of
// mistake it claims to catch is caught, on a copy of that template with one thing broken.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTemplate, cfnLint, loadSpec } from '../cfn-check.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const templatePath = path.join(root, 'serverless.template');
let spec;
const fresh = () => JSON.parse(fs.readFileSync(templatePath, 'utf8'));
const findings = (mutate) => { const t = fresh(); mutate(t); return checkTemplate(t, spec, root); };

before(() => { spec = loadSpec(); });

test('repository template has no schema finding', () => {
  assert.deepEqual(checkTemplate(fresh(), spec, root), []);
});

test('repository template has no cfn-lint finding left after re-judging against the current schema', () => {
  const result = cfnLint(templatePath, spec);
  assert.deepEqual(result.kept, []);
});

const cases = {
  'misspelled resource property': [t => { t.Resources.IngestQueue.Properties.VisibiltyTimeout = 3; }, /VisibiltyTimeout is not a property of AWS::SQS::Queue/],
  'value outside allowed values': [t => { t.Resources.IngestStateMachine.Properties.LoggingConfiguration.Level = 'LOUD'; }, /"LOUD" is not one of/],
  'unknown nested property': [t => { t.Resources.IngestStateMachine.Properties.EncryptionConfiguration.KeyId = 'x'; }, /KeyId is not a property of EncryptionConfiguration/],
  'missing required nested property': [t => { delete t.Resources.IngestStateMachine.Properties.EncryptionConfiguration.Type; }, /required property Type/],
  'unknown GetAtt attribute': [t => { t.Outputs.IngestQueueArn.Value = { 'Fn::GetAtt': ['IngestQueue', 'Nope'] }; }, /has no attribute Nope/],
  'Ref to nothing': [t => { t.Outputs.IngestQueueUrl.Value = { Ref: 'Missing' }; }, /Missing is not a parameter, resource or pseudo parameter/],
  'Sub of a missing resource': [t => { t.Outputs.IngestQueueUrl.Value = { 'Fn::Sub': '${Missing.Arn}' }; }, /target Missing is not a resource/],
  'undefined condition': [t => { t.Outputs.RecordKeyArn.Value['Fn::If'][0] = 'NoSuchCondition'; }, /condition NoSuchCondition is not defined/],
  'misspelled SAM function property': [t => { t.Resources.StarterFunction.Properties.LogginConfig = {}; }, /LogginConfig is not a documented property/],
  'bad SAM passthrough value': [t => { t.Resources.StarterFunction.Properties.LoggingConfig.LogFormat = 'XML'; }, /"XML" is not one of/],
  'unknown SQS event property': [t => { t.Resources.StarterFunction.Properties.Events.StarterQueue.Properties.BatchSiz = 3; }, /BatchSiz is not a property of a SAM SQS event/],
  'wrong primitive type': [t => { t.Resources.ProjectKey.Properties.EnableKeyRotation = 'yes'; }, /expected a boolean/],
  'missing packaged file': [t => { t.Resources.IngestStateMachine.Properties.DefinitionS3Location = 'statemachine/nope.json'; }, /does not exist/],
};

for (const [name, [mutate, expected]] of Object.entries(cases)) {
  test(`catches: ${name}`, () => {
    const found = findings(mutate);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, expected);
  });
}
