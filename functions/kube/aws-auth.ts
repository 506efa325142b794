/**
 * `kube-system/aws-auth` → the IAM principals it maps and their groups. Only the mappings leave this module:
 * the ConfigMap itself (and anything else in it, e.g. mapAccounts) is never kept.
 */
import { parse } from 'yaml';
import type { AwsAuthMapping } from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';

export class AwsAuthParseError extends Error {}

function parseList(text: unknown, key: 'mapRoles' | 'mapUsers'): unknown[] {
  if (text === undefined || text === null || text === '') return [];
  if (typeof text !== 'string') throw new AwsAuthParseError(`aws-auth ${key} is not a string`);
  let parsed: unknown;
  try {
    // YAML warnings (an unknown directive) would go to stderr and Lambda logs; the mappings are judged on what parses.
    parsed = parse(text, { logLevel: 'error' });
  } catch (err) {
    throw new AwsAuthParseError(`aws-auth ${key} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return [];
  if (!Array.isArray(parsed)) throw new AwsAuthParseError(`aws-auth ${key} is not a list`);
  return parsed;
}

function mapping(entry: unknown, type: 'role' | 'user'): AwsAuthMapping | undefined {
  if (!isRecord(entry)) return undefined;
  const arn = type === 'role' ? entry.rolearn : entry.userarn;
  if (typeof arn !== 'string' || arn === '') return undefined;
  const out: AwsAuthMapping = {
    type,
    arn,
    groups: Array.isArray(entry.groups) ? entry.groups.map(String) : [],
  };
  if (typeof entry.username === 'string') out.username = entry.username;
  return out;
}

/** Reads the `data` of the aws-auth ConfigMap. Throws AwsAuthParseError when a map is unreadable. */
export function parseAwsAuth(data: unknown): AwsAuthMapping[] {
  const d = isRecord(data) ? data : {};
  const roles = parseList(d.mapRoles, 'mapRoles').map((e) => mapping(e, 'role'));
  const users = parseList(d.mapUsers, 'mapUsers').map((e) => mapping(e, 'user'));
  return [...roles, ...users].filter((m): m is AwsAuthMapping => m !== undefined);
}
