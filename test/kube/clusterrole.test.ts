import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { LIST_RESOURCES } from '../../functions/model/kube-resources.js';

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

test('the shipped ClusterRole allows list on everything the collector lists, and nothing but get/list', () => {
  const rules = rulesOf('clusterrole.yaml');
  for (const r of LIST_RESOURCES) assert.ok(verbsFor(rules, r.group, r.resource).has('list'), r.resource);
  for (const rule of rules) for (const v of rule.verbs) assert.ok(['get', 'list'].includes(v), v);
  assert.ok(rules.every((r) => !r.resources?.some((res) => res.includes('/') || res === '*')));
});

test('secrets: list only, never get', () => {
  assert.deepEqual([...verbsFor(rulesOf('clusterrole.yaml'), '', 'secrets')], ['list']);
});

test('nodes/proxy lives only in the opt-in role', () => {
  assert.equal(verbsFor(rulesOf('clusterrole.yaml'), '', 'nodes/proxy').size, 0);
  assert.deepEqual([...verbsFor(rulesOf('clusterrole-nodes-proxy.yaml'), '', 'nodes/proxy')], ['get']);
});
