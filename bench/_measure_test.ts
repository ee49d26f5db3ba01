import assert from "node:assert/strict";
import { median, medianInterval, quantile } from "./_measure.ts";

Deno.test("quantile interpolates between ranks; the median is its middle", () => {
  assert.equal(quantile([4, 1, 3, 2], 0.25), 1.75);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

Deno.test("the median's 95% interval is the order statistics n/2 ± 0.98·√n from the middle", () => {
  // 1..100: ranks floor(50 - 9.8) = 40 and ceil(51 + 9.8) = 61.
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.deepEqual(medianInterval(values), { low: 40, high: 61 });
  // It narrows as rounds are added: twice the rounds, about 1/√2 the width.
  const wide = medianInterval(values.map((v) => v / 100));
  const many = Array.from({ length: 400 }, (_, i) => (i + 1) / 400);
  const narrow = medianInterval(many);
  assert.ok(narrow.high - narrow.low < (wide.high - wide.low) * 0.6, JSON.stringify(narrow));
  assert.ok(narrow.low < median(many) && median(many) < narrow.high);
});

Deno.test("a sample too small for an interval gets its extremes", () => {
  assert.deepEqual(medianInterval([2, 1, 3]), { low: 1, high: 3 });
  assert.deepEqual(medianInterval([5]), { low: 5, high: 5 });
  assert.throws(() => medianInterval([]), /nothing/);
});
