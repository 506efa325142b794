import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { rbacSecretsAccess } from '../../functions/checks/rbac/rbac-secrets-access.js';
import { SECRETS_INVENTORY } from '../../functions/kube/secret-metadata.js';
import { loadManifests } from '../../functions/manifests/load.js';
import { LIST_RESOURCES } from '../../functions/model/kube-resources.js';
import { runCheck } from '../../functions/scoring/run-check.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

function rulesOf(file: string): Rule[] {
  const docs = parseAllDocuments(readFileSync(new URL(`../../infra/kubernetes/${file}`, import.meta.url), 'utf8'));
  const role = docs.map((d) => d.toJS()).find((d) => d.kind === 'ClusterRole');
  return role.rules as Rule[];
}

function verbsFor(rules: Rule[], group: string, resource: string): Set<string> {
  const verbs = new Set<string>();
  for (const r of rules)
    if (r.apiGroups?.includes(group) && r.resources?.includes(resource)) for (const v of r.verbs) verbs.add(v);
  return verbs;
}

test('the shipped ClusterRole allows list on everything the collector lists by default, and nothing but get/list', () => {
  const rules = rulesOf('clusterrole.yaml');
  for (const r of LIST_RESOURCES) {
    if (r.inventory === SECRETS_INVENTORY) continue;
    assert.ok(verbsFor(rules, r.group, r.resource).has('list'), r.resource);
  }
  for (const rule of rules) for (const v of rule.verbs) assert.ok(['get', 'list'].includes(v), v);
  assert.ok(rules.every((r) => !r.resources?.some((res) => res.includes('/') || res === '*')));
});

test('secrets: nothing in the reader role; list only (never get) in the opt-in role', () => {
  assert.equal(verbsFor(rulesOf('clusterrole.yaml'), '', 'secrets').size, 0);
  assert.ok(rulesOf('clusterrole.yaml').every((r) => !r.resources?.includes('*') && !r.apiGroups?.includes('*')));
  assert.deepEqual([...verbsFor(rulesOf('clusterrole-secret-metadata.yaml'), '', 'secrets')], ['list']);
  assert.equal(rulesOf('clusterrole-secret-metadata.yaml').length, 1, 'and nothing else');
});

const rolePath = (file: string) => fileURLToPath(new URL(`../../infra/kubernetes/${file}`, import.meta.url));

test('CIS 4.1.2 on our own roles: the reader role passes; the opt-in Secret role is reported, as documented', async () => {
  const reader = runCheck(rbacSecretsAccess, await loadManifests([rolePath('clusterrole.yaml')], 'reader'));
  assert.equal(reader.result.status, 'pass', JSON.stringify(reader.result.failing));
  assert.ok(reader.result.evaluatedCount > 0, 'the binding was evaluated');
  const optIn = runCheck(
    rbacSecretsAccess,
    await loadManifests([rolePath('clusterrole.yaml'), rolePath('clusterrole-secret-metadata.yaml')], 'opt-in'),
  );
  assert.equal(optIn.result.status, 'fail');
  assert.ok(optIn.result.failing.some((f) => f.name === 'eks-compliance-reporter-secret-metadata'));
});

test('nodes/proxy lives only in the opt-in role', () => {
  assert.equal(verbsFor(rulesOf('clusterrole.yaml'), '', 'nodes/proxy').size, 0);
  assert.deepEqual([...verbsFor(rulesOf('clusterrole-nodes-proxy.yaml'), '', 'nodes/proxy')], ['get']);
});
