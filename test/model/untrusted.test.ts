import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SHOWN_VALUE_MAX, show } from '../../functions/model/untrusted.js';

describe('show: a value for a message', () => {
  test('a long ordinary value (an image reference with a digest) is shown whole', () => {
    const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/service@sha256:${'a'.repeat(64)}`;
    assert.equal(show(image), image);
  });

  test('a value past the limit keeps its start and says how much is left out and where the rest is', () => {
    const value = 'x'.repeat(SHOWN_VALUE_MAX + 234);
    const shown = show(value);
    assert.ok(shown.startsWith('x'.repeat(SHOWN_VALUE_MAX)));
    assert.match(shown, /… \(234 more characters; the whole value is in snapshot\.json\.gz\)$/);
  });

  test('unset, empty, scalars and structures', () => {
    assert.equal(show(undefined), 'not set');
    assert.equal(show(''), '""');
    assert.equal(show(0), '0');
    assert.equal(show(['a']), 'a list');
    assert.equal(show({ a: 1 }), 'a value of type object');
  });
});
