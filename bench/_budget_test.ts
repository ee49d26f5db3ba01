import assert from "node:assert/strict";
import { BUDGET, budgetVerdicts, GATE_MARGIN, gateVerdicts, isBudgetBaseline } from "./_budget.ts";
import type { StartupRow } from "./_startup.ts";

/** The rows of a run of the bundle against the baseline, the bundle's figures overridden. */
function rows(bundle: Partial<StartupRow> = {}, ratioToBaseline = 0.9): StartupRow[] {
  const base = { wallMs: 20, target: undefined, cpuS: 0.01, rssMiB: 35 };
  const vs = { q1: 0.85, q3: 0.95, interval: { low: 0.85, high: 0.95 } };
  return [
    { ...base, label: "floor", ratio: 1, loaded: { files: 1, packages: [], runtime: 0 } },
    {
      ...base,
      label: "`distropack-cli config show`",
      command: "config show",
      ratio: 1.3,
      loaded: { files: 21, packages: [], runtime: 0 },
      vsBaseline: { command: "distropack-cli config show", median: ratioToBaseline, ...vs },
      ...bundle,
    },
    {
      ...base,
      label: "`config show` at b615878",
      command: "config show",
      ratio: 1.45,
      loaded: { files: 33, packages: [], runtime: 0 },
      fromBaseline: true,
    },
  ];
}

Deno.test("the gate passes a bundle within the budget's margins that loads no more than the baseline", () => {
  const verdicts = gateVerdicts(rows());
  assert.equal(verdicts.length, 3, JSON.stringify(verdicts));
  assert.ok(verdicts.every((v) => v.ok), JSON.stringify(verdicts));
  // Noise past the budget but within the margin does not fail it.
  const noisy = BUDGET.vsBaseline["config show"] + GATE_MARGIN.vsBaseline - 0.01;
  assert.ok(gateVerdicts(rows({}, noisy)).every((v) => v.ok));
});

Deno.test("the gate fails a command that loads a runtime module or npm package the baseline did not, or more files", () => {
  const shim = gateVerdicts(rows({ loaded: { files: 12, packages: [], runtime: 40 } }));
  assert.deepEqual(shim.map((v) => v.ok), [false, true, true]);
  assert.match(shim[0].text, /more 40 runtime modules \(0\)/);
  const npm = gateVerdicts(rows({ loaded: { files: 12, packages: ["cli-progress"], runtime: 0 } }));
  assert.match(npm.find((v) => !v.ok)!.text, /npm cli-progress/);
  const files = gateVerdicts(rows({ loaded: { files: 40, packages: [], runtime: 0 } }));
  assert.match(files.find((v) => !v.ok)!.text, /more 40 files \(33\)/);
});

Deno.test("the gate fails a ratio clearly beyond the budget; the full run's verdicts hold the budget exactly", () => {
  const slow = gateVerdicts(rows({}, 1.8));
  assert.deepEqual(slow.map((v) => v.ok), [true, false, true]);
  const floor = gateVerdicts(rows({ ratio: 2.3 }));
  assert.deepEqual(floor.map((v) => v.ok), [true, true, false]);
  // The budget itself: 0.95x the baseline, 1.4x the floor.
  assert.deepEqual(budgetVerdicts(rows({}, 0.96)).map((v) => v.ok), [false, true]);
  assert.deepEqual(budgetVerdicts(rows({ ratio: 1.41 }, 0.94)).map((v) => v.ok), [true, false]);
});

Deno.test("the budget is judged only against its own baseline", () => {
  assert.ok(isBudgetBaseline("b615878"));
  assert.ok(isBudgetBaseline("b6158781"));
  assert.ok(!isBudgetBaseline("e065518"));
  assert.ok(!isBudgetBaseline(undefined));
});
