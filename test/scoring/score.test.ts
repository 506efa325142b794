import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ATTESTED_REQUIREMENT_WEIGHT,
  countStatuses,
  requirementWeight,
  SEVERITY_WEIGHTS,
  weightedScore,
} from '../../functions/scoring/score.js';

test('severity weights are critical 10, high 5, medium 3, low 1, info 0', () => {
  assert.deepEqual(SEVERITY_WEIGHTS, { critical: 10, high: 5, medium: 3, low: 1, info: 0 });
});

test('a requirement weighs as its most severe check; with none (attested) as medium', () => {
  assert.equal(requirementWeight(['low', 'critical', 'medium']), 10);
  assert.equal(requirementWeight(['info']), 0);
  assert.equal(requirementWeight([]), ATTESTED_REQUIREMENT_WEIGHT);
  assert.equal(ATTESTED_REQUIREMENT_WEIGHT, 3);
});

test('score = 100 × passed weight / (passed + failed weight), rounded to one decimal', () => {
  // critical fail (10), high pass (5), medium pass (3), low pass (1): 9 / 19 = 47.368…
  const score = weightedScore([
    { status: 'fail', weight: 10 },
    { status: 'pass', weight: 5 },
    { status: 'pass', weight: 3 },
    { status: 'pass', weight: 1 },
  ]);
  assert.equal(score, 47.4);
  assert.equal(weightedScore([{ status: 'pass', weight: 1 }]), 100);
  assert.equal(weightedScore([{ status: 'fail', weight: 1 }]), 0);
});

test('manual, not-applicable, not-assessed and waived are outside the denominator', () => {
  const score = weightedScore([
    { status: 'pass', weight: 5 },
    { status: 'fail', weight: 5 },
    { status: 'manual', weight: 10 },
    { status: 'not-applicable', weight: 10 },
    { status: 'not-assessed', weight: 10 },
    { status: 'waived', weight: 10 },
  ]);
  assert.equal(score, 50);
});

test('the score is null when nothing with weight passed or failed', () => {
  assert.equal(weightedScore([]), null);
  assert.equal(weightedScore([{ status: 'manual', weight: 3 }]), null);
  // info findings weigh nothing: they inform, they do not move the score
  assert.equal(weightedScore([{ status: 'fail', weight: 0 }]), null);
});

test('status counts use the results.json keys', () => {
  assert.deepEqual(countStatuses(['pass', 'pass', 'fail', 'not-applicable', 'not-assessed', 'waived', 'manual']), {
    pass: 2,
    fail: 1,
    manual: 1,
    notApplicable: 1,
    notAssessed: 1,
    waived: 1,
  });
});

test('a failing requirement earns the credit its passing checks carry; single-check failures earn nothing', () => {
  // Risk-area style requirement weighing 10 with 3/4 of its check weight passing, plus a plain failing one (5).
  assert.equal(
    weightedScore([
      { status: 'fail', weight: 10, credit: 0.75 },
      { status: 'fail', weight: 5 },
    ]),
    50,
  );
  // Credit is clamped to [0, 1] and ignored for passing items.
  assert.equal(weightedScore([{ status: 'fail', weight: 4, credit: 7 }]), 100);
  assert.equal(weightedScore([{ status: 'fail', weight: 4, credit: -1 }]), 0);
  assert.equal(weightedScore([{ status: 'pass', weight: 4, credit: 0 }]), 100);
});
