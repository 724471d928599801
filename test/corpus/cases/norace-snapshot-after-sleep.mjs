// expect: none
// A game server keeps its lobby in memory and writes a snapshot to disk
// once the player joining at start-up is in: the snapshot waits for the
// join, so it always holds the player.
import { setTimeout as sleep } from 'node:timers/promises';

const lobby = { players: [], open: true, seats: 4 };
const written = [];

async function join(name) {
  await sleep(4);
  lobby.players.push(name);
  lobby.seats -= 1;
}

async function snapshot(joined) {
  await sleep(8);
  await joined;
  written.push(JSON.stringify(lobby));
}

const joined = join('ada');
await Promise.all([joined, snapshot(joined)]);
console.log(written[0], lobby.seats);
