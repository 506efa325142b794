import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { accessEntryGrantCommands, principalOfCaller, READER_GROUP } from '../../functions/model/access-entry-grant.js';

test('the group the commands map the role to is the one the shipped ClusterRoleBinding binds', () => {
  const yaml = readFileSync('infra/kubernetes/clusterrole.yaml', 'utf8');
  assert.match(yaml, new RegExp(`kind: Group\\n\\s+name: ${READER_GROUP}\\n`));
});

test('the commands take the partition of the principal, and quote what the shell would split', () => {
  const [create, associate] = accessEntryGrantCommands({
    clusterName: 'prod',
    region: 'cn-north-1',
    principalArn: 'arn:aws-cn:iam::123456789012:role/team a/reader',
  });
  assert.equal(
    create,
    "aws eks create-access-entry --cluster-name prod --region cn-north-1 --principal-arn 'arn:aws-cn:iam::123456789012:role/team a/reader' --kubernetes-groups eks-compliance-reporter",
  );
  assert.match(
    associate,
    /--policy-arn arn:aws-cn:eks::aws:cluster-access-policy\/AmazonEKSViewPolicy --access-scope type=cluster$/,
  );
});

test('only CONFIG_MAP clusters get the authentication-mode command first (API and API_AND_CONFIG_MAP do not)', () => {
  const base = { clusterName: 'c', region: 'eu-west-1', principalArn: 'arn:aws:iam::123456789012:role/r' };
  assert.equal(accessEntryGrantCommands({ ...base, authenticationMode: 'CONFIG_MAP' }).length, 3);
  for (const mode of ['API', 'API_AND_CONFIG_MAP', undefined]) {
    assert.equal(accessEntryGrantCommands({ ...base, authenticationMode: mode }).length, 2, String(mode));
  }
});

test('the IAM principal of a caller: a session names its role (path unknown), a user or role is kept', () => {
  assert.deepEqual(principalOfCaller('arn:aws-us-gov:sts::123456789012:assumed-role/Reader/session-1'), {
    arn: 'arn:aws-us-gov:iam::123456789012:role/Reader',
    pathUnknown: true,
  });
  assert.deepEqual(principalOfCaller('arn:aws:iam::123456789012:user/ci'), {
    arn: 'arn:aws:iam::123456789012:user/ci',
    pathUnknown: false,
  });
  // Near misses: a federated user or the account root cannot be an access entry's principal.
  assert.equal(principalOfCaller('arn:aws:sts::123456789012:federated-user/bob'), undefined);
  assert.equal(principalOfCaller('arn:aws:iam::123456789012:root'), undefined);
});

test('docs/deployment.md shows exactly the commands a refused scan names', () => {
  const docs = readFileSync('docs/deployment.md', 'utf8');
  for (const command of accessEntryGrantCommands({
    clusterName: 'NAME',
    region: 'REGION',
    principalArn: 'SCAN_ROLE_ARN',
    authenticationMode: 'CONFIG_MAP',
  })) {
    assert.ok(docs.includes(`${command}\n`), `docs/deployment.md has the line: ${command}`);
  }
});
