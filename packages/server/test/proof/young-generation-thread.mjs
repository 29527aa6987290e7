// The thread young-generation.ts starts: churns through short-lived objects with some survivors,
// as request handling does, then writes the largest new space it saw to the file named in argv.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { workerData } from 'node:worker_threads';

const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const recent = new Array(300_000);
let largest = newSpace();
for (let i = 0; i < 6_000_000; i++) {
  recent[i % recent.length] = { i, tags: [i] };
  if (i % 100_000 === 0) largest = Math.max(largest, newSpace());
}
writeFileSync(process.argv[2], JSON.stringify({ serveThread: workerData?.twotierServe === true, newSpaceMb: largest / 1048576 }));
