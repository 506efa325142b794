import assert from 'node:assert/strict';
import { delimiter, join } from 'node:path';
import { describe, test } from 'node:test';
import {
  collectList,
  defaultKubeconfig,
  parseFailUnder,
  parseFormats,
  parseFrameworks,
  parseTarget,
} from '../../functions/cli/options.js';
import { InputError } from '../../functions/snapshot/io.js';

function inputError(fn: () => unknown, subject: string, problem: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.equal(err.subject, subject);
    assert.match(err.problem, problem);
    return true;
  });
}

describe('--format', () => {
  test('defaults to html,pdf,json,csv,requirements', () => {
    assert.deepEqual(parseFormats(undefined), ['html', 'pdf', 'json', 'csv', 'requirements']);
  });
  test('a comma list, trimmed, lowercased, deduplicated', () => {
    assert.deepEqual(parseFormats(' JSON, csv,json '), ['json', 'csv']);
  });
  test('sarif and junit are accepted', () => {
    assert.deepEqual(parseFormats('json,sarif,junit'), ['json', 'sarif', 'junit']);
  });
  test('unknown and empty', () => {
    inputError(() => parseFormats('xml'), '--format', /unknown format "xml"/);
    inputError(() => parseFormats(' , '), '--format', /give one or more/);
  });
});

describe('--framework', () => {
  const known = ['cis-eks-1.8.0', 'nsa-cisa-1.2'];
  test('repeatable and comma lists collect into one list', () => {
    const collected = collectList('nsa-cisa-1.2', collectList('cis-eks-1.8.0,nsa-cisa-1.2', undefined));
    assert.deepEqual(parseFrameworks(collected, known), ['cis-eks-1.8.0', 'nsa-cisa-1.2']);
  });
  test('absent means all', () => {
    assert.equal(parseFrameworks(undefined, known), undefined);
  });
  test('unknown ids are refused with the known ones listed', () => {
    inputError(
      () => parseFrameworks(['cis'], known),
      '--framework',
      /unknown framework "cis" \(expected cis-eks-1.8.0, nsa-cisa-1.2\)/,
    );
  });
});

describe('--fail-under', () => {
  test('accepts 0 to 100 with decimals', () => {
    assert.equal(parseFailUnder('0'), 0);
    assert.equal(parseFailUnder('71.5'), 71.5);
    assert.equal(parseFailUnder('100'), 100);
    assert.equal(parseFailUnder(undefined), undefined);
  });
  test('refuses anything else', () => {
    for (const bad of ['101', '-1', 'abc', '', '50%', '1e2', '0x10', 'NaN']) {
      inputError(() => parseFailUnder(bad), '--fail-under', /from 0 to 100/);
    }
  });
});

describe('target', () => {
  test('one of demo, snapshot, kubeconfig or cluster', () => {
    assert.deepEqual(parseTarget({ demo: true }), { kind: 'demo' });
    assert.deepEqual(parseTarget({ snapshot: 's.json.gz' }), { kind: 'snapshot', file: 's.json.gz' });
    assert.deepEqual(parseTarget({ kubeconfig: 'kc', context: 'dev' }, {}), {
      kind: 'live',
      kubeconfig: 'kc',
      context: 'dev',
      cluster: undefined,
      region: undefined,
      roleArn: undefined,
    });
  });
  test('--context alone reads the kubeconfig kubectl would: the first of $KUBECONFIG, else ~/.kube/config', () => {
    const live = (env: NodeJS.ProcessEnv) => {
      const t = parseTarget({ context: 'prod' }, env);
      assert.ok(t.kind === 'live');
      assert.equal(t.context, 'prod');
      return t.kubeconfig;
    };
    assert.equal(live({ KUBECONFIG: `/a/one${delimiter}/b/two`, HOME: '/home/x' }), '/a/one');
    assert.equal(live({ KUBECONFIG: `${delimiter}/b/two` }), '/b/two');
    assert.equal(live({ HOME: '/home/x' }), join('/home/x', '.kube', 'config'));
    assert.equal(live({ KUBECONFIG: '', HOME: '/home/y' }), join('/home/y', '.kube', 'config'));
    assert.equal(defaultKubeconfig({ HOME: '/h' }), join('/h', '.kube', 'config'));
    // Another target keeps --context an error of its own, not a second target.
    inputError(() => parseTarget({ demo: true, context: 'c' }), '--context', /cannot be used with --demo/);
  });
  test('kubeconfig and cluster together is one live target', () => {
    const t = parseTarget({ kubeconfig: 'kc', cluster: 'prod', region: 'eu-west-1' }, {});
    assert.equal(t.kind, 'live');
    assert.ok(t.kind === 'live' && t.cluster === 'prod' && t.kubeconfig === 'kc');
  });
  test('the region falls back to AWS_REGION', () => {
    const t = parseTarget({ cluster: 'prod' }, { AWS_REGION: 'us-east-2' });
    assert.ok(t.kind === 'live' && t.region === 'us-east-2');
    inputError(() => parseTarget({ cluster: 'prod' }, {}), '--cluster', /needs --region/);
  });
  test('none, or more than one, is a usage error', () => {
    inputError(() => parseTarget({}), 'target', /give --demo, --snapshot FILE/);
    inputError(() => parseTarget({ demo: true, snapshot: 'x' }), '--demo, --snapshot', /choose one target/);
  });
  test('live-only options with demo or snapshot, or without their partner', () => {
    inputError(() => parseTarget({ demo: true, region: 'eu-west-1' }), '--region', /cannot be used with --demo/);
    inputError(() => parseTarget({ snapshot: 'x', context: 'c' }), '--context', /cannot be used with --snapshot/);
    inputError(
      () => parseTarget({ context: 'c', cluster: 'x', region: 'r' }),
      '--context',
      /with --cluster give --kubeconfig/,
    );
    inputError(
      () => parseTarget({ kubeconfig: 'kc', roleArn: 'arn:aws:iam::1:role/r' }, {}),
      '--role-arn',
      /needs --cluster/,
    );
  });
});
