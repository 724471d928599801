// expect: race
// A game server keeps its lobby in memory and writes a snapshot to disk a
// little after start-up, while a player joining on another timer updates
// the lobby. Whether the snapshot holds the player depends on which timer
// fires first: nothing orders the snapshot after the join.
import { setTimeout as sleep } from 'node:timers/promises';

const lobby = { players: [], open: true, seats: 4 };
const written = [];

async function join(name) {
  await sleep(4);
  lobby.players.push(name);
  lobby.seats -= 1; // race
}

async function snapshot() {
  await sleep(8);
  written.push(JSON.stringify(lobby)); // race
}

await Promise.all([join('ada'), snapshot()]);
console.log(written[0], lobby.seats);
