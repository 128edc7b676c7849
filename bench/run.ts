// npm run bench: every figure in docs/benchmarks.md, each against a bare baseline measured in the same run.
import { runEngineBench } from './engine.js';
import { runStoreBench } from './store.js';
import { runChatBench } from './chat.js';
import { runDaySweepBench } from './daySweep.js';
import { runCaseSweepBench } from './caseSweep.js';
import { runUrgentBench } from './urgent.js';
import { runNamesBench } from './names.js';
import { runReportBench } from './report.js';

console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log(runEngineBench());
console.log();
console.log(await runStoreBench());
console.log();
console.log(await runChatBench());
console.log();
console.log(await runDaySweepBench());
console.log();
console.log(await runCaseSweepBench());
console.log();
console.log(await runUrgentBench());
console.log(await runNamesBench());
console.log();
console.log(await runReportBench());
