// expect: race
// A game server re-sorts its leaderboard on a timer. A request handler that
// waited for the player's save (a short sleep) then reads the top entry by
// index: which player it names depends on whether the re-sort ran first.
import { setTimeout as sleep } from 'node:timers/promises';

const board = [
  { name: 'ann', score: 10 },
  { name: 'bob', score: 30 },
  { name: 'cid', score: 20 },
];

setTimeout(() => {
  board.sort((a, b) => b.score - a.score); // race
}, 3);

async function leader() {
  await sleep(5);
  return board[0].name; // race
}

console.log('leader', (await leader()).length);
