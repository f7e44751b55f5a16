import test from "ava";
import { crashRun, type CrashRun } from "./crash-run.js";
import { crashSpace, describePoint, MODES, sample, seededRandom, type CrashPoint } from "./crash-space.js";
import { violations } from "./invariants.js";
import { WORKFLOWS } from "./workflows.js";

/**
 * The crash-point sweep: every workflow, in every checkpoint mode, killed at each crash
 * point of its crash-free run (before, during and after each checkpoint request, in each
 * step body), then re-invoked by the service until it ends; and killed a second time
 * while it recovers from a first crash. Some runs page their state in small pages (2
 * operations), so a crash also lands between GetDurableExecutionState pages.
 * `npm run test:sweep` (SWEEP=full) runs every single crash point with both page
 * sizes and 40 double crashes per case; plain `npx ava` runs a seeded sample. SWEEP_SEED
 * picks another sample; a failure names its seed, workflow, mode and plan.
 */
const FULL = process.env.SWEEP === "full";
const SEED = Number(process.env.SWEEP_SEED ?? 8);
/** Single crash points per workflow and mode in the sample (27 cases). */
const SINGLES = FULL ? Infinity : 16;
/** Double crashes (a second kill during the recovery from the first) per workflow and mode. */
const DOUBLES = FULL ? 40 : 4;
const SMALL_PAGES = { pageSize: 2 };

const hash = (text: string): number => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, SEED);

const totals = { cases: 0, space: 0, singles: 0, doubles: 0, kills: 0, runs: 0, unreached: 0, fenced: 0 };

/** A crash point in the recovery from the first crash of `crashed`: a request or body run after it. */
function recoveryPoint(crashed: CrashRun, random: () => number): CrashPoint | undefined {
  const first = crashed.crashes[0];
  if (!first) return undefined;
  const later = crashSpace(crashed.requests, crashed.runs.length).filter((point) =>
    point.phase === "body" ? point.k >= first.runsBefore : point.k >= first.requestsBefore,
  );
  return later.length === 0 ? undefined : later[Math.floor(random() * later.length)];
}

for (const workflow of WORKFLOWS) {
  for (const mode of MODES) {
    // Virtual-clock runs one after another (they only use the CPU); real-clock runs mostly
    // wait, so they go concurrently with the rest, their points all at once.
    const declare = workflow.clock === "real" ? test : test.serial;
    declare(`${workflow.name}, ${mode}${workflow.clock === "real" ? " (real clock)" : ""}: a crash at any point loses nothing`, async (t) => {
      t.timeout(FULL ? 30 * 60_000 : 120_000);
      const baseline = await crashRun(workflow, mode);
      t.is(baseline.execution.status, "SUCCEEDED", JSON.stringify(baseline.execution.error));
      t.deepEqual(violations(baseline, baseline), [], "the crash-free run satisfies every check");

      const random = seededRandom(hash(`${workflow.name}/${mode}`));
      const space = crashSpace(baseline.requests, baseline.runs.length);
      const failures: string[] = [];
      const check = async (plan: CrashPoint[], paged = random() < 1 / 3): Promise<CrashRun> => {
        const run = await crashRun(workflow, mode, plan, paged ? SMALL_PAGES : {});
        totals.runs += 1;
        totals.kills += run.crashes.length;
        if (run.crashes.length < plan.length) totals.unreached += 1;
        const found = violations(baseline, run);
        // A dead process's request that arrives after another invocation took over is fenced off.
        if (run.late.some((applied) => applied)) found.push("a request of a dead process arrived late and was applied");
        totals.fenced += run.late.filter((applied) => !applied).length;
        const where = `${plan.map(describePoint).join(", then ")}${paged ? ", small pages" : ""} (seed ${SEED})`;
        if (found.length > 0) failures.push(`${where}:\n    ${found.join("\n    ")}`);
        return run;
      };

      const singles = sample(space, SINGLES, random);
      const doubles = sample(space, DOUBLES, random);
      const double = async (point: CrashPoint) => {
        const second = recoveryPoint(await check([point]), random);
        if (second) await check([point, second]);
        if (second) totals.doubles += 1;
      };
      if (workflow.clock === "real") {
        await Promise.all([...singles.map((point) => check([point])), ...doubles.map(double)]);
      } else {
        for (const point of singles) {
          if (FULL) for (const paged of [false, true]) await check([point], paged);
          else await check([point]);
        }
        for (const point of doubles) await double(point);
      }
      totals.cases += 1;
      totals.space += space.length;
      totals.singles += FULL && workflow.clock !== "real" ? 2 * singles.length : singles.length;
      t.log(
        `${baseline.requests} requests, ${baseline.runs.length} body runs: ${space.length} single crash points, ` +
          `${FULL ? `each with both page sizes` : `${singles.length} run`}, and ${doubles.length} double crashes`,
      );
      t.deepEqual(failures, [], failures.join("\n"));
    });
  }
}

test.after("sweep totals", () => {
  console.log(
    `crash sweep (${FULL ? "full" : `sample, seed ${SEED}`}): ${totals.cases} workflow × mode cases, ${totals.space} single crash points ` +
      `in the space, ${totals.singles} single and ${totals.doubles} double crashes run; ${totals.runs} crashed runs, ` +
      `${totals.kills} invocations killed, ${totals.unreached} plans not fully reached (the invocation had already answered), ` +
      `${totals.fenced} late requests of dead processes fenced off`,
  );
});
