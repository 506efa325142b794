/**
 * Issue 13 item 7: how often our verdict is the peer's, on cases in the shape of Kubescape's and Polaris's own rule
 * tests. Every disagreement is either a difference the check states in its `deviation`, or a failure here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS, checkById } from '../../functions/checks/registry.js';
import { CORPUS } from './corpus/index.js';
import { AGREEMENT_GOAL, percent, readmeSection, renderSection } from './readme-section.js';
import { caseName, deliberateDifferences, runCase, summarize } from './run.js';
import { PEERS } from './types.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

const squash = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();

describe('agreement corpus', () => {
  const outcomes = CORPUS.map(runCase);

  test('each case names a check that references the peer control it paraphrases', () => {
    for (const c of CORPUS) {
      const check = checkById(c.check);
      assert.ok(check, `${caseName(c)}: no check ${c.check}`);
      assert.ok(
        (check.references[c.peer] ?? []).includes(c.control),
        `${caseName(c)}: ${c.check} does not reference ${c.control}`,
      );
    }
  });

  test('case names are unique', () => {
    const names = CORPUS.map(caseName);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
  });

  test('every Kubescape control and Polaris check our checks reference has a failing and a passing case', () => {
    const missing: string[] = [];
    for (const peer of PEERS) {
      const referenced = new Set(ALL_CHECKS.flatMap((c) => c.references[peer] ?? []));
      for (const id of referenced) {
        for (const verdict of ['fail', 'pass'] as const) {
          if (!CORPUS.some((c) => c.peer === peer && c.control === id && c.expected === verdict)) {
            missing.push(`${peer} ${id}: no case the peer ${verdict === 'fail' ? 'fails' : 'passes'}`);
          }
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every disagreement is a difference the check states; every stated difference occurs', () => {
    const problems: string[] = [];
    for (const o of outcomes) {
      const c = o.case;
      if (c.difference === undefined) {
        if (!o.agrees)
          problems.push(`${caseName(c)}: the peer's verdict is ${c.expected}, ${c.check} says ${o.detail}`);
        continue;
      }
      if (o.agrees) problems.push(`${caseName(c)}: marked as a difference but ${c.check} agrees (${o.detail})`);
      if (o.ours === 'not-assessed') problems.push(`${caseName(c)}: not assessed is never a deliberate difference`);
      const deviation = checkById(c.check)?.deviation;
      if (!deviation) problems.push(`${caseName(c)}: ${c.check} states no deviation`);
      else if (!squash(deviation).includes(squash(c.difference))) {
        problems.push(`${caseName(c)}: "${c.difference}" is not in ${c.check}'s deviation`);
      }
    }
    assert.deepEqual(problems, []);
  });

  // The goal of issue 13. Below it the test is reported as TODO (visible in every run, named in the README) rather
  // than failing, since what remains are stated, deliberate differences; an unexplained one fails above.
  const summaries = summarize(outcomes);
  const below = summaries.filter((s) => s.ratio < AGREEMENT_GOAL);
  const gap = below.map((s) => `${s.peer} ${percent(s.ratio)}`).join(', ');
  test(
    `agreement with each peer is at least ${percent(AGREEMENT_GOAL)}`,
    below.length > 0 ? { todo: `below the goal, by deliberate differences only: ${gap}` } : {},
    (t) => {
      for (const s of summaries) {
        t.diagnostic(
          `${s.peer}: ${s.agreeing} of ${s.cases} cases agree (${percent(s.ratio)}), ${s.deliberate} deliberate differences`,
        );
        assert.ok(s.cases > 0, `${s.peer}: no cases`);
        assert.ok(s.ratio >= AGREEMENT_GOAL, `${s.peer}: ${percent(s.ratio)} < ${percent(AGREEMENT_GOAL)}`);
      }
    },
  );

  test('the README states the figures and the differences as this run computes them (npm run agreement)', () => {
    const expected = renderSection(summarize(outcomes), deliberateDifferences(outcomes));
    assert.equal(readmeSection(readFileSync(README, 'utf8')), expected);
  });
});
