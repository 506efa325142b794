import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countText, plural } from '../../functions/report/plural.js';

describe('plural', () => {
  test('one and other, with the plural "s" by default', () => {
    assert.equal(plural(1, 'cluster'), '1 cluster');
    assert.equal(plural(2, 'cluster'), '2 clusters');
    assert.equal(plural(0, 'cluster'), '0 clusters');
    assert.equal(plural(1, 'new failure'), '1 new failure');
    assert.equal(plural(26, 'new failure'), '26 new failures');
  });

  test('a given plural: verbs agree with the count', () => {
    assert.equal(plural(1, 'waiver expires', 'waivers expire'), '1 waiver expires');
    assert.equal(plural(3, 'waiver expires', 'waivers expire'), '3 waivers expire');
    assert.equal(plural(1, 'cluster not scanned', 'clusters not scanned'), '1 cluster not scanned');
    assert.equal(plural(1, 'day'), '1 day');
    assert.equal(plural(12, 'day'), '12 days');
  });

  test('large counts are grouped', () => {
    assert.equal(plural(1234, 'object'), '1,234 objects');
    assert.equal(countText(1234567), '1,234,567');
    assert.equal(countText(999), '999');
  });
});
